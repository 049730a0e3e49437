import { KeygateError } from '../errors.js';

/**
 * The staleness bound: a replica answers only while it has confirmed, within `maxStaleness` ms,
 * that it held every change of the log. Past that (an outage, a reload that takes too long, a
 * follower that cannot keep up) every answer is ERR_STORE_UNAVAILABLE, which the validator turns
 * into 503 `store_unavailable`, until the follower is current again.
 */
export interface Freshness {
  /** Throws ERR_STORE_UNAVAILABLE (with the last feed error as cause) unless current within the bound. */
  check(): void;
  /** The follower held every change of the log at `at` (ms on the replica's clock). */
  confirm(at: number): void;
  /** Remembers why the follower could not confirm (the cause of the next 503s). */
  fail(error: unknown): void;
  /** Milliseconds since the last confirmation (Infinity before the first). */
  staleness(): number;
  readonly lastError: unknown;
}

export function createFreshness(name: string, maxStaleness: number, now: () => number): Freshness {
  let confirmedAt = -Infinity;
  // The hot path compares one number: the time after which answers stop.
  let freshUntil = -Infinity;
  let lastError: unknown;

  const stale = (): KeygateError => {
    const message =
      confirmedAt === -Infinity
        ? `the replica ${name} has not loaded yet`
        : `the replica ${name} has not confirmed it is current for ${String(Math.round(now() - confirmedAt))} ms (maxStaleness ${String(maxStaleness)} ms)`;
    return new KeygateError('ERR_STORE_UNAVAILABLE', message, lastError === undefined ? undefined : { cause: lastError });
  };

  return {
    check() {
      if (now() > freshUntil) throw stale();
    },
    confirm(at) {
      if (at <= confirmedAt) return;
      confirmedAt = at;
      freshUntil = at + maxStaleness;
      lastError = undefined;
    },
    fail(error) {
      lastError = error;
    },
    staleness: () => now() - confirmedAt,
    get lastError() {
      return lastError;
    },
  };
}
