import { KeygateError } from '../errors.js';
import type { RateLimitDecision, RateLimiter } from './types.js';
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
  /** Counters currently held. */
  readonly size: number;
  /** Forgets one counter, or all of them. */
  reset(key?: string): void;
}

// Float slack for "exactly at the limit" (7 calls of 60000/7 ms add up to 59999.99999...).
const EPSILON_MS = 1e-6;

export function checkLimit(limit: { readonly requests: number; readonly periodSeconds: number }): void {
  const { requests, periodSeconds } = limit ?? {};
  if (!Number.isSafeInteger(requests) || requests <= 0 || !Number.isFinite(periodSeconds) || !(periodSeconds > 0)) {
    throw new KeygateError('ERR_INVALID_OPTION', 'a rate limit needs a positive integer requests and a positive periodSeconds');
  }
}

/**
 * The in-process RateLimiter: GCRA (the generic cell rate algorithm), exact and O(1). Each key
 * holds one number, its "theoretical arrival time" (TAT). It behaves as a bucket of `requests`
 * calls refilled continuously at `requests` per `period`: a client may burst its whole quota at
 * once, then gets one call every `period / requests`, and `retryAfter` is exactly when the next
 * one fits. No window resets, so no double burst at a window edge as with fixed windows.
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
  // key -> TAT in epoch ms. Map order: least recently touched first.
  const tats = new Map<string, number>();

  const sweep = (t: number): void => {
    for (let i = 0; i < 2 && tats.size > 0; i++) {
      const [key, tat] = tats.entries().next().value as [string, number];
      tats.delete(key);
      if (tat > t) tats.set(key, tat); // still busy: to the back of the clock
    }
  };

  return {
    consume(key, limit) {
      checkLimit(limit);
      const t = now();
      const periodMs = limit.periodSeconds * 1000;
      const interval = periodMs / limit.requests;
      const tat = Math.max(tats.get(key) ?? t, t);
      const next = tat + interval;
      let decision: RateLimitDecision;
      if (next - t > periodMs + EPSILON_MS) {
        // Denied: the earliest time this call would fit is when `next - period` arrives.
        const waitMs = next - periodMs - t;
        decision = { allowed: false, remaining: 0, retryAfter: Math.max(1, Math.ceil(waitMs / 1000 - EPSILON_MS)) };
      } else {
        tats.delete(key);
        tats.set(key, next);
        decision = { allowed: true, remaining: Math.floor((periodMs - (next - t)) / interval + EPSILON_MS), retryAfter: 0 };
      }
      sweep(t);
      while (tats.size > maxKeys) tats.delete(tats.keys().next().value as string);
      return Promise.resolve(decision);
    },
    get size() {
      return tats.size;
    },
    reset(key) {
      if (key === undefined) tats.clear();
      else tats.delete(key);
    },
  };
}
