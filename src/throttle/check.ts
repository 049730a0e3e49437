import type { ApiKeyClaims } from '../claims/types.js';
import type { Subscription } from '../stores/types.js';
import { KeygateError } from '../errors.js';
import { failure, withCause } from '../validate/failures.js';
import type { ThrottleOutcome } from '../validate/plugins.js';
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

// NUL cannot occur in UUIDs, contexts or versions, so two different triples never share a counter.
const subscriptionCounter = (app: string, api: ApiDefinition): string => `sub\u0000${app}\u0000${api.context}\u0000${api.version}`;
const applicationCounter = (app: string): string => `app\u0000${app}`;

function levelsOf(claims: ApiKeyClaims, api: ApiDefinition, subscription: Subscription): Level[] {
  const app = claims.application.uuid;
  const levels: Level[] = [];
  if (subscription.tier !== undefined) {
    const info = claims.tierInfo?.[subscription.tier];
    levels.push({ level: 'subscription', tierName: subscription.tier, counter: subscriptionCounter(app, api), keySaysStop: info?.stopOnQuotaReach });
  }
  const appTier = claims.application.tier;
  if (appTier !== undefined) levels.push({ level: 'application', tierName: appTier, counter: applicationCounter(app), keySaysStop: undefined });
  return levels;
}

/**
 * Counts the call against the subscription's tier (application + API) and then the application's
 * tier (from the key's `application.tier`). Over a tier that stops on quota: 429/900800 with
 * `retryAfter`. Over one with `stopOnQuotaReach: false` (the tier's own setting first, else the
 * key's `tierInfo`): the call passes, flagged. An undefined tier name fails closed (500).
 */
export async function checkThrottle(
  config: ThrottleConfig,
  claims: ApiKeyClaims,
  api: ApiDefinition,
  subscription: Subscription,
): Promise<ThrottleOutcome | ValidationFailure> {
  let quotaExceeded = false;
  let tightest: RateLimitInfo | undefined;
  for (const { level, tierName, counter, keySaysStop } of levelsOf(claims, api, subscription)) {
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
