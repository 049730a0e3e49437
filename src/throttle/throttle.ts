import { KeygateError } from '../errors.js';
import type { Throttle } from '../validate/plugins.js';
import type { ApiDefinition } from '../validate/types.js';
import { checkBlockingConditions } from './blocking.js';
import type { BlockingConditions } from './blocking-types.js';
import { checkThrottle } from './check.js';
import { levelPlanner } from './levels.js';
import { createMemoryRateLimiter } from './memory-limiter.js';
import { checkPolicyStore, tierLookup } from './policies.js';
import { resolveTiers } from './tiers.js';
import type { PolicyStore, RateLimiter, Tier } from './types.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';

/** Options of `createThrottle`. */
export interface ThrottleOptions {
  /** Throttling tiers by name, merged over WSO2's defaults (Bronze, Silver, Gold, Unauthenticated, 10PerMin, ..., 10KPerMin, ..., Unlimited). */
  readonly tiers?: Readonly<Record<string, Tier>> | undefined;
  /**
   * Where tiers are defined at run time (`createMemoryPolicyStore`, `createRedisPolicyStore`, or
   * your database): asked first, then `tiers` and WSO2's defaults.
   */
  readonly policies?: PolicyStore | undefined;
  /**
   * Counts calls for the tiers. Default: an exact in-memory limiter per validator, on the
   * validator's clock; `createRedisRateLimiter` (keygate/redis) shares counts between processes.
   */
  readonly limiter?: RateLimiter | undefined;
  /** WSO2's blocking conditions (`createBlockingConditions`, `createRedisBlockingConditions`): checked before any counting. */
  readonly blocking?: BlockingConditions | undefined;
}

const THROTTLE_OPTIONS = { tiers: true, policies: true, limiter: true, blocking: true } satisfies OptionNames<ThrottleOptions>;

/** The throttling settings of the APIs: an API-level tier name, and hard limits as whole calls per second. */
function checkApiSettings(api: ApiDefinition, i: number): void {
  const at = `apis[${i}]`;
  const { tier, maxTps } = api;
  if (tier !== undefined && (typeof tier !== 'string' || tier.length === 0)) throw new KeygateError('ERR_INVALID_OPTION', `${at}.tier must be a non-empty string`);
  if (maxTps === undefined) return;
  if (typeof maxTps !== 'object' || maxTps === null) throw new KeygateError('ERR_INVALID_OPTION', `${at}.maxTps must be { production?, sandbox? }`);
  checkOptionNames(maxTps, { production: true, sandbox: true }, `${at}.maxTps`);
  for (const [env, tps] of Object.entries(maxTps)) {
    if (tps !== undefined && (!Number.isSafeInteger(tps) || tps <= 0)) throw new KeygateError('ERR_INVALID_OPTION', `${at}.maxTps.${env} must be a positive integer (calls per second)`);
  }
}

/**
 * Throttling, for validator option `throttle`, as WSO2's gateway does it: blocking conditions
 * (403, 900805), then the API-level policy (429, 900800), the hard limit (503, 900801), the
 * resource's tier (429, 900802), the subscription's tier (429, 900804), the application's tier per
 * end user (429, 900803) and the subscription policy's spike arrest (429, 900807), decided as one:
 * a call any level refuses is counted at none. Calls to resources that need no key count against
 * `Unauthenticated`, per client address. Bad options throw KeygateError `ERR_INVALID_OPTION`.
 */
export function createThrottle(options: ThrottleOptions = {}): Throttle {
  checkOptionNames(options, THROTTLE_OPTIONS, 'createThrottle');
  const builtIn = resolveTiers(options.tiers);
  const policies = checkPolicyStore(options.policies);
  const blocking = checkBlockingConditions(options.blocking);
  const { limiter } = options;
  if (limiter !== undefined && (typeof limiter?.consumeAll !== 'function' || typeof limiter.consume !== 'function')) {
    throw new KeygateError('ERR_INVALID_OPTION', 'limiter must be a RateLimiter with consume and consumeAll (see createMemoryRateLimiter)');
  }
  return {
    createCheck({ now, apis }) {
      apis.forEach(checkApiSettings);
      const config = {
        tiers: tierLookup(policies, builtIn),
        limiter: limiter ?? createMemoryRateLimiter({ now }),
        blocking,
        levelsOf: levelPlanner(),
      };
      return (call) => checkThrottle(config, call);
    },
  };
}
