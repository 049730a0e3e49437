import type { RateLimitDecision, RateLimiter } from '../../src/gateway/index.js';

/** A RateLimiter whose every answer is a rejection with `error` (a shared store that is down). */
export function failingLimiter(error: unknown): RateLimiter {
  return { consume: () => Promise.reject(error), consumeAll: () => Promise.reject(error) };
}

/**
 * A RateLimiter that answers `decide(key)` for every counter of a call, at once, and records the
 * counters it was asked about (`key requests/periodSeconds`, NULs as `|`).
 */
export function scriptedLimiter(decide: (key: string) => RateLimitDecision) {
  const seen: string[] = [];
  const limiter: RateLimiter = {
    consume: async (key) => decide(key),
    consumeAll(counters) {
      for (const c of counters) seen.push(`${c.key.replace(/\0/g, '|')} ${c.requests}/${c.periodSeconds}`);
      return counters.map((c) => decide(c.key));
    },
  };
  return { limiter, seen };
}
