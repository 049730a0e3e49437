import { failure } from '../validate/failures.js';
import type { AcceptedCall, ThrottleOutcome, UnauthenticatedCall } from '../validate/plugins.js';
import type { FailureReason, RateLimitInfo, RateLimitLevel, ValidationFailure } from '../validate/types.js';
import type { RateLimitDecision, ResolvedTier } from './types.js';

/** A level the call was counted at. */
export interface Counted {
  readonly level: RateLimitLevel;
  readonly tierName: string;
  readonly tier: ResolvedTier;
  /** Over quota the call is refused (else it passes, flagged `quotaExceeded`). */
  readonly stop: boolean;
}

/** The stable reason of each level's refusal (the codes are in the one table, validate/failures.ts). */
const REASONS: Readonly<Record<RateLimitLevel, FailureReason>> = {
  api: 'throttled_api',
  hardLimit: 'throttled_hard_limit',
  resource: 'throttled_resource',
  subscription: 'throttled_subscription',
  application: 'throttled_application',
  spikeArrest: 'throttled_spike_arrest',
};

/** What a refusal says, per level. Never the backend's capacity (the hard limit's), as WSO2 does not. */
function describe(call: AcceptedCall | UnauthenticatedCall, { level, tierName, tier }: Counted): string {
  const quota = `allows ${tier.requests} requests per ${tier.periodSeconds} s`;
  const { api } = call;
  switch (level) {
    case 'api':
      return `The API-level policy ${tierName} ${quota} to ${api.name} ${api.version}, for all callers`;
    case 'hardLimit':
      return `${api.name} ${api.version} is not accepting more requests now`;
    case 'resource':
      return `The resource-level tier ${tierName} ${quota} to this resource, for all callers`;
    case 'subscription':
      return `The subscription tier ${tierName} ${quota}${call.authenticated === false ? ' per client address' : ''}`;
    case 'application':
      return `The application tier ${tierName} ${quota} per end user`;
    case 'spikeArrest':
      return `The subscription tier ${tierName} allows bursts of ${tier.requests} requests per ${tier.periodSeconds === 1 ? 'second' : 'minute'} (spike arrest)`;
  }
}

const infoOf = ({ level, tierName, tier }: Counted, remaining: number, resetAfter: number): RateLimitInfo => ({
  level,
  tier: tierName,
  limit: tier.requests,
  periodSeconds: tier.periodSeconds,
  remaining,
  resetAfter,
});

/**
 * The limiter's decisions as the call's verdict: the refusal of the first level (in WSO2's order)
 * that stops on its quota and had no room, or what lets the call through: every level counted,
 * the one with the fewest calls left (the hard limit aside: the client's budget is its own), and
 * whether a level that does not stop is over its quota.
 */
export function verdictOf(
  call: AcceptedCall | UnauthenticatedCall,
  counted: readonly Counted[],
  decisions: readonly RateLimitDecision[],
): ThrottleOutcome | ValidationFailure {
  for (let i = 0; i < counted.length; i++) {
    const d = decisions[i]!;
    const c = counted[i]!;
    if (d.allowed || !c.stop) continue;
    const retryAfter = d.retryAfter;
    const refusal = failure(REASONS[c.level], `${describe(call, c)}; retry after ${retryAfter} s`, retryAfter);
    // The RateLimit headers of a 429 name the level that refused it; a 503 (hard limit) has none.
    return c.level === 'hardLimit' ? refusal : { ...refusal, rateLimit: infoOf(c, 0, retryAfter) };
  }
  let quotaExceeded = false;
  let rateLimit: RateLimitInfo | undefined;
  const rateLimits: RateLimitInfo[] = [];
  for (let i = 0; i < counted.length; i++) {
    const d = decisions[i]!;
    const c = counted[i]!;
    if (!d.allowed) quotaExceeded = true;
    const info = infoOf(c, d.remaining, d.resetAfter);
    rateLimits.push(info);
    if (c.level !== 'hardLimit' && (rateLimit === undefined || info.remaining < rateLimit.remaining)) rateLimit = info;
  }
  const outcome: { -readonly [K in keyof ThrottleOutcome]: ThrottleOutcome[K] } = { rateLimits };
  if (rateLimit !== undefined) outcome.rateLimit = rateLimit;
  if (quotaExceeded) outcome.quotaExceeded = true;
  return outcome;
}
