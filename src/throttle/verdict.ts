import { kind, refusal, type FailureKind } from '../validate/failures.js';
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

const THROTTLED = 'Message throttled out';
/** Each level's stable reason and WSO2's code for it. */
const REFUSALS: Readonly<Record<RateLimitLevel, readonly [FailureReason, FailureKind]>> = {
  api: ['throttled_api', kind(429, 900800, THROTTLED)],
  hardLimit: ['throttled_hard_limit', kind(503, 900801, 'API Limit Reached')],
  resource: ['throttled_resource', kind(429, 900802, THROTTLED)],
  subscription: ['throttled_subscription', kind(429, 900804, THROTTLED)],
  application: ['throttled_application', kind(429, 900803, THROTTLED)],
  spikeArrest: ['throttled_spike_arrest', kind(429, 900807, THROTTLED)],
};

/** The refusal of a call over the quota of a level. */
export function throttled(level: RateLimitLevel, description: string, retryAfter: number): ValidationFailure {
  const [reason, kindOfLevel] = REFUSALS[level];
  return refusal(kindOfLevel, reason, description, retryAfter);
}

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
 * whether a level that does not stop is over its quota. A level the limiter could not count is not reported.
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
    const refused = throttled(c.level, `${describe(call, c)}; retry after ${retryAfter} s`, retryAfter);
    // The RateLimit headers of a 429 name the level that refused it; a 503 (hard limit) has none.
    return c.level === 'hardLimit' ? refused : { ...refused, rateLimit: infoOf(c, 0, retryAfter) };
  }
  let quotaExceeded = false;
  let rateLimit: RateLimitInfo | undefined;
  const rateLimits: RateLimitInfo[] = [];
  for (let i = 0; i < counted.length; i++) {
    const d = decisions[i]!;
    const c = counted[i]!;
    if (!d.allowed) quotaExceeded = true;
    if (d.uncounted === true) continue; // not counted (a limiter failing open): nothing to report
    const info = infoOf(c, d.remaining, d.resetAfter);
    rateLimits.push(info);
    if (c.level !== 'hardLimit' && (rateLimit === undefined || info.remaining < rateLimit.remaining)) rateLimit = info;
  }
  const outcome: { -readonly [K in keyof ThrottleOutcome]: ThrottleOutcome[K] } = { rateLimits };
  if (rateLimit !== undefined) outcome.rateLimit = rateLimit;
  if (quotaExceeded) outcome.quotaExceeded = true;
  return outcome;
}
