import { KeygateError } from '../errors.js';
import type { Throttle } from '../validate/plugins.js';
import { checkThrottle } from './check.js';
import { createMemoryRateLimiter } from './memory-limiter.js';
import { resolveTiers } from './tiers.js';
import type { RateLimiter, Tier } from './types.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';

/** Options of `createThrottle`. */
export interface ThrottleOptions {
  /** Throttling tiers by name, merged over WSO2's defaults (Bronze, Silver, Gold, 10PerMin, ..., Unlimited). */
  readonly tiers?: Readonly<Record<string, Tier>> | undefined;
  /**
   * Counts calls for the tiers. Default: an exact in-memory limiter per validator, on the
   * validator's clock; `createRedisRateLimiter` (keygate/redis) shares counts between processes.
   */
  readonly limiter?: RateLimiter | undefined;
}

/**
 * Throttling, for validator option `throttle`: every accepted call is counted against its
 * subscription's tier, its application's tier and its resource's tier, as WSO2's gateway does
 * (calls to resources that need no key against `Unauthenticated`, per client address); over a tier that stops
 * on quota the call is refused with 429 and `retryAfter`. Bad options throw KeygateError `ERR_INVALID_OPTION`.
 */
export function createThrottle(options: ThrottleOptions = {}): Throttle {
  checkOptionNames(options, { tiers: true, limiter: true } satisfies OptionNames<ThrottleOptions>, 'createThrottle');
  const tiers = resolveTiers(options.tiers);
  const { limiter } = options;
  if (limiter !== undefined && typeof limiter?.consume !== 'function') {
    throw new KeygateError('ERR_INVALID_OPTION', 'limiter must be a RateLimiter (see createMemoryRateLimiter)');
  }
  return {
    createCheck({ now }) {
      const config = { tiers, limiter: limiter ?? createMemoryRateLimiter({ now }) };
      return (call) => checkThrottle(config, call);
    },
  };
}
