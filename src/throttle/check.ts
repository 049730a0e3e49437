import { KeygateError } from '../errors.js';
import { failure, withCause } from '../validate/failures.js';
import type { AcceptedCall, ThrottleOutcome, UnauthenticatedCall } from '../validate/plugins.js';
import type { ApiDefinition, RateLimitInfo, ValidationFailure } from '../validate/types.js';
import { isUnlimited } from './tiers.js';
import type { RateLimitDecision, RateLimiter, Tier } from './types.js';
import { storeFailure } from '../validate/store-failure.js';

export interface ThrottleConfig {
  readonly tiers: ReadonlyMap<string, Tier>;
  readonly limiter: RateLimiter;
}

interface Level {
  readonly level: RateLimitInfo['level'];
  readonly tierName: string;
  readonly counter: string;
  /** What the key's `tierInfo` says, for the subscription tier (WSO2 reads it from there). */
  readonly keySaysStop: boolean | undefined;
}

// NUL cannot occur in UUIDs, contexts or versions, so two different tuples never share a counter.
const apiOf = (api: ApiDefinition): string => `${api.context}\u0000${api.version}`;

/** WSO2's subscription tier of calls to resources that need no key (counted per client address). */
export const UNAUTHENTICATED_TIER = 'Unauthenticated';

function levelsOf(call: AcceptedCall | UnauthenticatedCall): Level[] {
  const { api, resource } = call;
  const levels: Level[] = [];
  if (call.authenticated === false) {
    const counter = `ip\u0000${call.clientIp ?? ''}\u0000${apiOf(api)}`;
    levels.push({ level: 'subscription', tierName: UNAUTHENTICATED_TIER, counter, keySaysStop: undefined });
  } else {
    const { claims, subscription } = call;
    // The application store's record when there is one (it wins over the key's claims).
    const app = call.application ?? claims.application;
    if (subscription.tier !== undefined) {
      const info = claims.tierInfo?.[subscription.tier];
      const counter = `sub\u0000${app.uuid}\u0000${apiOf(api)}`;
      levels.push({ level: 'subscription', tierName: subscription.tier, counter, keySaysStop: info?.stopOnQuotaReach });
    }
    // Per application and end user, as WSO2 keys it (appId:authorizedUser).
    if (app.tier !== undefined) {
      levels.push({ level: 'application', tierName: app.tier, counter: `app\u0000${app.uuid}\u0000${claims.sub ?? ''}`, keySaysStop: undefined });
    }
  }
  if (resource?.tier !== undefined) {
    const counter = `res\u0000${apiOf(api)}\u0000${resource.path}\u0000${resource.methods.join(',')}`;
    levels.push({ level: 'resource', tierName: resource.tier, counter, keySaysStop: undefined });
  }
  return levels;
}

/**
 * Counts the call against the subscription's tier (application + API), the application's tier
 * (the application store's, else the key's `application.tier`; per application and end user) and
 * the resource's tier; a call to a resource that needs no key against the `Unauthenticated` tier
 * per client address. Over a tier that stops on quota: 429/900800 with
 * `retryAfter`. Over one with `stopOnQuotaReach: false` (the tier's own setting first, else the
 * key's `tierInfo`): the call passes, flagged. An undefined tier name fails closed (500).
 */
export async function checkThrottle(config: ThrottleConfig, call: AcceptedCall | UnauthenticatedCall): Promise<ThrottleOutcome | ValidationFailure> {
  let quotaExceeded = false;
  let tightest: RateLimitInfo | undefined;
  for (const { level, tierName, counter, keySaysStop } of levelsOf(call)) {
    const tier = config.tiers.get(tierName);
    if (tier === undefined) {
      // A configuration gap: the details go to the operator (cause), not to the client.
      const gap = new KeygateError('ERR_INVALID_OPTION', `the ${level} tier "${tierName}" is not defined on this gateway (createThrottle({ tiers }))`);
      return withCause(failure('internal_error', 'The gateway could not apply the throttling tier of this call'), gap);
    }
    if (isUnlimited(tier)) continue;
    let decision: RateLimitDecision;
    try {
      decision = await config.limiter.consume(counter, tier);
    } catch (error) {
      throw storeFailure(error);
    }
    const info: RateLimitInfo = { level, tier: tierName, limit: tier.requests, periodSeconds: tier.periodSeconds, remaining: decision.remaining };
    if (tightest === undefined || info.remaining < tightest.remaining) tightest = info;
    if (decision.allowed) continue;
    if (tier.stopOnQuotaReach ?? keySaysStop ?? true) {
      return failure(
        'throttled',
        `The ${level} tier ${tierName} allows ${tier.requests} requests per ${tier.periodSeconds} s; retry after ${decision.retryAfter} s`,
        decision.retryAfter,
      );
    }
    quotaExceeded = true;
  }
  return { quotaExceeded, rateLimit: tightest };
}
