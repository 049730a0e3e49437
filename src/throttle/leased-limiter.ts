import { KeygateError } from '../errors.js';
import { checkLimit, wholeSeconds } from './memory-limiter.js';
import type { Limit, RateCounter, RateLimitDecision, RateLimiter } from './types.js';

/** A lease asked of the shared counter `key`: up to `want` calls, after giving back `refund` unspent ones. */
export interface LeaseRequest {
  readonly key: string;
  readonly limit: Limit;
  readonly want: number;
  readonly refund: number;
}

/** What a shared limiter granted: `granted` calls (0: none fit), and what it had left after them. */
export interface LeaseGrant {
  readonly granted: number;
  /** Calls the shared counter had left after this grant. */
  readonly remaining: number;
  /** When none fit: ms until one would. */
  readonly retryAfterMs: number;
  /** Ms until the shared counter's whole quota is back. */
  readonly resetAfterMs: number;
}

/** Takes leases of several shared counters at once (one round trip); the grants in the requests' order. */
export type TakeLeases = (requests: readonly LeaseRequest[]) => Promise<readonly LeaseGrant[]>;

export interface LeaseOptions {
  /** Most calls taken at once (a lease is also at most a tenth of the limit's `requests`). */
  readonly lease: number;
  /** Ms a lease, or a refusal, is used for before the shared counter is asked again. */
  readonly leaseTtl: number;
  readonly now: () => number;
}

interface KeyLease {
  left: number;
  /** The lease's calls may be spent until then. */
  spendUntil: number;
  /** The shared counter's calls left at the grant. */
  remaining: number;
  /** When the shared counter is whole again, as of the grant. */
  resetAt: number;
  /** While a grant of 0 holds: refused at once until then. */
  refusedUntil: number;
  retryAt: number;
  pending: Promise<void> | undefined;
}

/** The lease taken for a limit: at most `lease`, at most a tenth of the quota (small tiers stay exact). */
export function leaseSize(lease: number, limit: Limit): number {
  return Math.max(1, Math.min(lease, Math.floor(limit.requests / 10)));
}

export function checkLeaseOptions(lease: unknown, leaseTtl: unknown): void {
  if (typeof lease !== 'number' || !Number.isSafeInteger(lease) || lease < 1) throw new KeygateError('ERR_INVALID_OPTION', 'lease must be a positive integer');
  if (typeof leaseTtl !== 'number' || !Number.isFinite(leaseTtl) || leaseTtl <= 0) {
    throw new KeygateError('ERR_INVALID_OPTION', 'leaseTtl must be a positive number of milliseconds');
  }
}

/**
 * A RateLimiter that takes calls from shared counters in leases and spends them in process: one
 * round trip per lease instead of per call, and one for all the leases a call lacks. The shared
 * counters stay exact about what they handed out, so across a fleet the calls allowed exceed the
 * exact quota by at most the leases outstanding: processes × (lease size − 1) per key. A call
 * counted at several counters spends one call of each lease, or none when one of them is refused.
 * Calls a lease did not spend within `leaseTtl` are given back with the next lease of the key; a
 * refusal is kept for `leaseTtl` at most (never past the time a call would fit).
 */
export function createLeasedLimiter(take: TakeLeases, options: LeaseOptions): RateLimiter {
  const { lease, leaseTtl, now } = options;
  // key -> lease. Map order: least recently refilled first.
  const leases = new Map<string, KeyLease>();

  const sweep = (t: number): void => {
    for (let i = 0; i < 2 && leases.size > 0; i++) {
      const [key, held] = leases.entries().next().value as [string, KeyLease];
      leases.delete(key);
      const idle = held.pending === undefined && (held.left === 0 || t >= held.spendUntil) && t >= held.refusedUntil;
      if (!idle) leases.set(key, held);
    }
  };

  const apply = (key: string, held: KeyLease, grant: LeaseGrant | undefined, t: number): void => {
    held.pending = undefined;
    leases.delete(key);
    leases.set(key, held);
    if (grant === undefined) throw new KeygateError('ERR_STORE_UNAVAILABLE', 'the shared rate limiter answered fewer grants than asked');
    held.resetAt = t + grant.resetAfterMs;
    if (grant.granted > 0) {
      held.left = grant.granted;
      held.spendUntil = t + leaseTtl;
      held.remaining = grant.remaining;
      held.refusedUntil = 0;
    } else {
      held.retryAt = t + Math.max(1, grant.retryAfterMs);
      held.refusedUntil = Math.min(held.retryAt, t + leaseTtl);
    }
  };

  /** One request for every lease in `wanted`; each of them waits on it. */
  const refill = (wanted: ReadonlyArray<readonly [RateCounter, KeyLease]>): void => {
    const requests = wanted.map(([counter, held]): LeaseRequest => {
      // Calls an expired lease did not spend go back with this request.
      const refund = held.left;
      held.left = 0;
      return { key: counter.key, limit: counter, want: leaseSize(lease, counter), refund };
    });
    const pending = take(requests).then(
      (grants) => {
        const t = now();
        wanted.forEach(([counter, held], i) => apply(counter.key, held, grants[i], t));
      },
      (error: unknown) => {
        for (const [, held] of wanted) held.pending = undefined;
        throw error;
      },
    );
    for (const [, held] of wanted) held.pending = pending;
  };

  const consumeAll = (counters: readonly RateCounter[]): RateLimitDecision[] | Promise<RateLimitDecision[]> => {
    const t = now();
    const held: KeyLease[] = [];
    let waiting: Array<Promise<void>> | undefined;
    let lacking: Array<readonly [RateCounter, KeyLease]> | undefined;
    let refused = false;
    for (const counter of counters) {
      let h = leases.get(counter.key);
      if (h === undefined) {
        sweep(t);
        h = { left: 0, spendUntil: 0, remaining: 0, resetAt: 0, refusedUntil: 0, retryAt: 0, pending: undefined };
        leases.set(counter.key, h);
      }
      held.push(h);
      if (h.left > 0 && t < h.spendUntil) continue;
      if (h.pending !== undefined) (waiting ??= []).push(h.pending);
      else if (t < h.refusedUntil) refused ||= counter.soft !== true;
      else (lacking ??= []).push([counter, h]);
    }
    // A counter that refuses decides the call: the others' leases are neither taken nor spent.
    if (!refused && (waiting !== undefined || lacking !== undefined)) {
      if (lacking !== undefined) refill(lacking);
      // Concurrent callers of one key share one request; then each tries again.
      const all = [...(waiting ?? []), ...(lacking ?? []).map(([, h]) => h.pending!)];
      return Promise.all(all).then(() => consumeAll(counters));
    }
    return held.map((h): RateLimitDecision => {
      const resetAfter = wholeSeconds(Math.max(0, h.resetAt - t));
      if (t < h.refusedUntil && h.pending === undefined) {
        return { allowed: false, remaining: 0, retryAfter: Math.max(1, wholeSeconds(h.retryAt - t)), resetAfter };
      }
      // Leased (spent unless the call is refused), or not asked because another counter refused.
      if (!refused && h.left > 0) h.left -= 1;
      return { allowed: true, remaining: h.left + h.remaining, retryAfter: 0, resetAfter };
    });
  };

  return {
    consumeAll(counters) {
      for (const counter of counters) checkLimit(counter);
      return consumeAll(counters);
    },
    consume(key, limit) {
      checkLimit(limit);
      return Promise.resolve(consumeAll([{ key, requests: limit.requests, periodSeconds: limit.periodSeconds }])).then((d) => d[0]!);
    },
  };
}
