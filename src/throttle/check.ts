import { KeygateError } from '../errors.js';
import { failure, withCause } from '../validate/failures.js';
import { isPromiseLike } from '../validate/maybe-promise.js';
import type { AcceptedCall, ThrottleOutcome, UnauthenticatedCall } from '../validate/plugins.js';
import { rethrowAsStoreFailure, storeFailure } from '../validate/store-failure.js';
import type { ValidationFailure } from '../validate/types.js';
import { checkBlocked } from './blocking.js';
import type { BlockingConditions } from './blocking-types.js';
import type { CallLevels } from './levels.js';
import type { TierLookup } from './policies.js';
import { TIME_UNITS, isUnlimited } from './tiers.js';
import type { PolicyLevel, RateCounter, RateLimitDecision, RateLimiter, ResolvedTier } from './types.js';
import { verdictOf, type Counted } from './verdict.js';

export interface ThrottleConfig {
  readonly tiers: TierLookup;
  readonly limiter: RateLimiter;
  readonly blocking: BlockingConditions | undefined;
  readonly levelsOf: (call: AcceptedCall | UnauthenticatedCall) => CallLevels;
}

type Call = AcceptedCall | UnauthenticatedCall;
type Verdict = ThrottleOutcome | ValidationFailure;

const NOT_COUNTED: ThrottleOutcome = Object.freeze({});

/**
 * WSO2's throttling of one call: blocking conditions first (403, 900805), then every level in
 * WSO2's order — API-level policy, hard limit, resource tier, subscription tier, application tier
 * (per end user), spike arrest — decided together by the limiter (`consumeAll`): a call any level
 * refuses is counted at none. The refusal names the first level, in that order, that refused it.
 * Answers at once when the stores and the limiter do (no promise hop in memory).
 */
export function checkThrottle(config: ThrottleConfig, call: Call): Verdict | Promise<Verdict> {
  const { blocking } = config;
  if (blocking !== undefined) {
    const refusal = checkBlocked(blocking, call);
    if (isPromiseLike(refusal)) return refusal.then((blocked) => blocked ?? countAt(config, call));
    if (refusal !== undefined) return refusal;
  }
  return countAt(config, call);
}

/** Looks up the call's tiers (at once, unless a policy store answers later), then counts. */
function countAt(config: ThrottleConfig, call: Call): Verdict | Promise<Verdict> {
  const plan = config.levelsOf(call);
  const { levels } = plan;
  if (levels.length === 0) return NOT_COUNTED;
  const tiers: Array<ResolvedTier | undefined | Promise<ResolvedTier | undefined>> = [];
  let later = false;
  for (let i = 0; i < levels.length; i++) {
    const { fixed, tierName, level } = levels[i]!;
    const tier = fixed ?? config.tiers(tierName, level as PolicyLevel);
    later ||= isPromiseLike(tier);
    tiers.push(tier);
  }
  if (later) return Promise.all(tiers).then((resolved) => consume(config, call, plan, resolved));
  return consume(config, call, plan, tiers as Array<ResolvedTier | undefined>);
}

/** A configuration gap: the details go to the operator (cause), not to the client. */
function undefinedTier(level: string, name: string): ValidationFailure {
  const gap = new KeygateError('ERR_INVALID_OPTION', `the ${level} tier "${name}" is not defined on this gateway (createThrottle({ tiers }) or its policy store)`);
  return withCause(failure('internal_error', 'The gateway could not apply the throttling tier of this call'), gap);
}

function consume(config: ThrottleConfig, call: Call, plan: CallLevels, tiers: ReadonlyArray<ResolvedTier | undefined>): Verdict | Promise<Verdict> {
  const counted: Counted[] = [];
  const counters: RateCounter[] = [];
  let spike: ResolvedTier | undefined;
  let spikeOf = '';
  const { levels, keyInfo } = plan;
  for (let i = 0; i < levels.length; i++) {
    const { level, tierName, key } = levels[i]!;
    const tier = tiers[i];
    if (tier === undefined) return undefinedTier(level, tierName);
    if (level === 'subscription') {
      // Spike arrest: the policy's own, else what the key's tierInfo says (as WSO2 reads it).
      const limit = tier.spikeArrestLimit ?? keyInfo?.spikeArrestLimit;
      if (limit !== undefined && limit > 0 && Number.isSafeInteger(limit)) {
        const unit = (tier.spikeArrestLimit === undefined ? keyInfo?.spikeArrestUnit : tier.spikeArrestUnit) === 'min' ? 'min' : 'sec';
        spike = { requests: limit, periodSeconds: TIME_UNITS[unit] };
        spikeOf = tierName;
      }
    }
    if (isUnlimited(tier)) continue;
    const stop = tier.stopOnQuotaReach ?? (level === 'subscription' ? keyInfo?.stopOnQuotaReach : undefined) ?? true;
    counted.push({ level, tierName, tier, stop });
    counters.push({ key, requests: tier.requests, periodSeconds: tier.periodSeconds, soft: !stop });
  }
  if (spike !== undefined && plan.spikeKey !== undefined) {
    counted.push({ level: 'spikeArrest', tierName: spikeOf, tier: spike, stop: true });
    counters.push({ key: plan.spikeKey, requests: spike.requests, periodSeconds: spike.periodSeconds, soft: false });
  }
  if (counters.length === 0) return NOT_COUNTED;
  let decisions: readonly RateLimitDecision[] | Promise<readonly RateLimitDecision[]>;
  try {
    decisions = config.limiter.consumeAll(counters);
  } catch (error) {
    throw storeFailure(error);
  }
  if (!isPromiseLike(decisions)) return verdictOf(call, counted, decisions);
  return Promise.resolve(decisions).then((answered) => verdictOf(call, counted, answered), rethrowAsStoreFailure);
}
