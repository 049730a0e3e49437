import { KeygateError } from '../errors.js';
import type { Limit, RateCounter, RateLimitDecision, RateLimiter } from './types.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';

/** Options of `createMemoryRateLimiter`. */
export interface MemoryRateLimiterOptions {
  /** Clock in milliseconds (default `Date.now`). */
  readonly now?: (() => number) | undefined;
  /**
   * Hard cap on counters held (default 1,000,000). Idle counters are dropped long before; past
   * the cap the least recently checked counter is dropped, which forgives what it had used.
   */
  readonly maxKeys?: number | undefined;
}

/** The in-process `RateLimiter` (see `createMemoryRateLimiter`). */
export interface MemoryRateLimiter extends RateLimiter {
  /** At once: no promise. */
  consumeAll(counters: readonly RateCounter[]): RateLimitDecision[];
  /** Counters currently held. */
  readonly size: number;
  /** Forgets one counter, or all of them. */
  reset(key?: string): void;
}

// Float slack for "exactly at the limit" (7 calls of 60000/7 ms add up to 59999.99999...).
const EPSILON_MS = 1e-6;

export function checkLimit(limit: Limit): void {
  const { requests, periodSeconds } = limit ?? {};
  if (!Number.isSafeInteger(requests) || requests <= 0 || !Number.isFinite(periodSeconds) || !(periodSeconds > 0)) {
    throw new KeygateError('ERR_INVALID_OPTION', 'a rate limit needs a positive integer requests and a positive periodSeconds');
  }
}

/** A counter's state: its theoretical arrival time (ms) and the interval it was counted at. */
interface Cell {
  tat: number;
  interval: number;
}

/**
 * The TAT of a counter for a call counted at `interval`. When its limit has changed (a subscription
 * moved to another tier, a policy edited), the calls it holds are kept as calls, not as time: 2
 * calls used of 2 a day are 2 used of 1000 a day, not the whole day.
 */
function tatOf(cell: Cell | undefined, interval: number, t: number): number {
  if (cell === undefined || cell.tat <= t) return t;
  return cell.interval === interval ? cell.tat : t + ((cell.tat - t) / cell.interval) * interval;
}

/** Whole seconds from `ms` of waiting, rounded up (a wait of exactly n s is n). */
export const wholeSeconds = (ms: number): number => Math.ceil(ms / 1000 - EPSILON_MS);

/**
 * The in-process RateLimiter: GCRA (the generic cell rate algorithm), exact and O(1). Each key
 * holds its "theoretical arrival time" (TAT), and the interval it was counted at (see tatOf). It behaves as a bucket of `requests`
 * calls refilled continuously at `requests` per `period`: a client may burst its whole quota at
 * once, then gets one call every `period / requests`, and `retryAfter` is exactly when the next
 * one fits. No window resets, so no double burst at a window edge as with fixed windows.
 * `consumeAll` decides a call's counters together, synchronously: a refusal counts at none.
 *
 * A key whose TAT has passed is idle (its whole quota is back), so it is dropped: every call
 * also looks at the two least recently touched counters and drops them if idle (a clock
 * sweep), which bounds memory by the keys active within one period.
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions = {}): MemoryRateLimiter {
  checkOptionNames(options, { now: true, maxKeys: true } satisfies OptionNames<MemoryRateLimiterOptions>, 'createMemoryRateLimiter');
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 1_000_000;
  if (!Number.isSafeInteger(maxKeys) || maxKeys <= 0) throw new KeygateError('ERR_INVALID_OPTION', 'maxKeys must be a positive integer');
  // key -> its cell. Map order: least recently touched first.
  const cells = new Map<string, Cell>();
  // The TATs a call would set, by counter; NaN where the counter has no room.
  let nexts: number[] = [];

  const sweep = (t: number): void => {
    for (let i = 0; i < 2 && cells.size > 0; i++) {
      const [key, cell] = cells.entries().next().value as [string, Cell];
      cells.delete(key);
      if (cell.tat > t) cells.set(key, cell); // still busy: to the back of the clock
    }
  };

  const consumeAll = (counters: readonly RateCounter[]): RateLimitDecision[] => {
    const t = now();
    const decisions: RateLimitDecision[] = [];
    let refused = false;
    for (let i = 0; i < counters.length; i++) {
      const counter = counters[i]!;
      checkLimit(counter);
      const periodMs = counter.periodSeconds * 1000;
      const interval = periodMs / counter.requests;
      const tat = tatOf(cells.get(counter.key), interval, t);
      const next = tat + interval;
      if (next - t > periodMs + EPSILON_MS) {
        // No room: the earliest time this call would fit is when `next - period` arrives.
        decisions.push({ allowed: false, remaining: 0, retryAfter: Math.max(1, wholeSeconds(next - periodMs - t)), resetAfter: wholeSeconds(tat - t) });
        nexts[i] = Number.NaN;
        if (counter.soft !== true) refused = true;
      } else {
        decisions.push({ allowed: true, remaining: Math.floor((periodMs - (next - t)) / interval + EPSILON_MS), retryAfter: 0, resetAfter: wholeSeconds(next - t) });
        nexts[i] = next;
      }
    }
    if (!refused) {
      for (let i = 0; i < counters.length; i++) {
        const next = nexts[i]!;
        if (next !== next) continue; // NaN: a soft counter over its quota is not counted
        const { key, requests, periodSeconds } = counters[i]!;
        let cell = cells.get(key);
        if (cell === undefined) cell = { tat: next, interval: 0 };
        else cells.delete(key);
        cell.tat = next;
        cell.interval = (periodSeconds * 1000) / requests;
        cells.set(key, cell);
      }
    }
    if (nexts.length > 64) nexts = [];
    sweep(t);
    while (cells.size > maxKeys) cells.delete(cells.keys().next().value as string);
    return decisions;
  };

  return {
    consumeAll,
    consume: (key, limit) => {
      checkLimit(limit);
      return Promise.resolve(consumeAll([{ key, requests: limit.requests, periodSeconds: limit.periodSeconds }])[0]!);
    },
    get size() {
      return cells.size;
    },
    reset(key) {
      if (key === undefined) cells.clear();
      else cells.delete(key);
    },
  };
}
