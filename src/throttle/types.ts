/** A throttling tier: `requests` per `periodSeconds`. */
export interface Tier {
  /** A positive integer, or `Infinity` for an unlimited tier (never counted). */
  readonly requests: number;
  readonly periodSeconds: number;
  /** `false`: calls over the quota pass and the result says so (WSO2's billing plans). Default `true`. */
  readonly stopOnQuotaReach?: boolean | undefined;
}

/** A `RateLimiter`'s answer for one call. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Calls left in the current window after this one. */
  readonly remaining: number;
  /** Seconds until the next call would be allowed (0 when allowed). */
  readonly retryAfter: number;
}

/**
 * Counts calls per key. Async so that Redis or another shared store can implement it; the
 * in-memory default is exact for one process.
 */
export interface RateLimiter {
  consume(key: string, limit: { readonly requests: number; readonly periodSeconds: number }): Promise<RateLimitDecision>;
}
