import { KeygateError } from '../errors.js';
import { checkLimit } from './memory-limiter.js';
import type { RateLimitDecision, RateLimiter } from './types.js';

/** A limit as a RateLimiter is asked about it. */
export type Limit = { readonly requests: number; readonly periodSeconds: number };

/** What a shared limiter granted: `granted` calls (0: none fit), and what it had left after them. */
export interface LeaseGrant {
  readonly granted: number;
  /** Calls the shared counter had left after this grant. */
  readonly remaining: number;
  /** When none fit: ms until one would. */
  readonly retryAfterMs: number;
}

/**
 * Takes up to `want` calls of `limit` from the shared counter `key` at once, after giving back
 * `refund` calls of an earlier grant that were never made. One round trip.
 */
export type TakeLease = (key: string, limit: Limit, want: number, refund: number) => Promise<LeaseGrant>;

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
 * A RateLimiter that takes calls from a shared counter in leases and spends them in process: one
 * round trip per lease instead of per call. The shared counter stays exact about what it handed
 * out, so across a fleet the calls allowed exceed the exact quota by at most the leases
 * outstanding: processes × (lease size − 1) per key. Calls a lease did not spend within
 * `leaseTtl` are given back with the next lease of the key; a refusal is kept for `leaseTtl`
 * at most (never past the time a call would fit).
 */
export function createLeasedLimiter(take: TakeLease, options: LeaseOptions): RateLimiter {
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

  const refill = (key: string, held: KeyLease, limit: Limit): Promise<void> => {
    // Calls an expired lease did not spend go back with this request.
    const refund = held.left;
    held.left = 0;
    held.pending = take(key, limit, leaseSize(lease, limit), refund).then(
      (grant) => {
        held.pending = undefined;
        const t = now();
        leases.delete(key);
        leases.set(key, held);
        if (grant.granted > 0) {
          held.left = grant.granted;
          held.spendUntil = t + leaseTtl;
          held.remaining = grant.remaining;
          held.refusedUntil = 0;
        } else {
          held.retryAt = t + Math.max(1, grant.retryAfterMs);
          held.refusedUntil = Math.min(held.retryAt, t + leaseTtl);
        }
      },
      (error: unknown) => {
        held.pending = undefined;
        throw error;
      },
    );
    return held.pending;
  };

  const consume = (key: string, limit: Limit): RateLimitDecision | Promise<RateLimitDecision> => {
    const t = now();
    let held = leases.get(key);
    if (held === undefined) {
      sweep(t);
      held = { left: 0, spendUntil: 0, remaining: 0, refusedUntil: 0, retryAt: 0, pending: undefined };
      leases.set(key, held);
    }
    if (held.left > 0 && t < held.spendUntil) {
      held.left -= 1;
      return { allowed: true, remaining: held.left + held.remaining, retryAfter: 0 };
    }
    if (held.pending === undefined && t < held.refusedUntil) {
      return { allowed: false, remaining: 0, retryAfter: Math.max(1, Math.ceil((held.retryAt - t) / 1000)) };
    }
    // Concurrent callers of one key share one request; then each tries again.
    return (held.pending ?? refill(key, held, limit)).then(() => consume(key, limit));
  };

  return {
    consume(key, limit) {
      checkLimit(limit);
      const decision = consume(key, limit);
      return 'allowed' in decision ? Promise.resolve(decision) : decision;
    },
  };
}
