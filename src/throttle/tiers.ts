import { KeygateError } from '../errors.js';
import type { ResolvedTier, Tier, TimeUnit } from './types.js';

const perMinute = (requests: number): ResolvedTier => Object.freeze({ requests, periodSeconds: 60 });
const UNLIMITED: ResolvedTier = perMinute(Infinity);

/**
 * WSO2 API Manager's default subscription tiers (business plans); `Unauthenticated` counts calls
 * to resources that need no key, per client address.
 */
export const SUBSCRIPTION_TIERS: Readonly<Record<'Bronze' | 'Silver' | 'Gold' | 'Unauthenticated' | 'Unlimited', ResolvedTier>> = Object.freeze({
  Bronze: perMinute(1000),
  Silver: perMinute(2000),
  Gold: perMinute(5000),
  Unauthenticated: perMinute(500),
  Unlimited: UNLIMITED,
});

/** WSO2 API Manager's default application tiers. */
export const APPLICATION_TIERS: Readonly<Record<'10PerMin' | '20PerMin' | '50PerMin' | 'Unlimited', ResolvedTier>> = Object.freeze({
  '10PerMin': perMinute(10),
  '20PerMin': perMinute(20),
  '50PerMin': perMinute(50),
  Unlimited: UNLIMITED,
});

/** WSO2 API Manager's default advanced policies: API-level (`apis[].tier`) and resource-level (`resources[].tier`) tiers, for all callers together. */
export const ADVANCED_TIERS: Readonly<Record<'10KPerMin' | '20KPerMin' | '50KPerMin' | 'Unlimited', ResolvedTier>> = Object.freeze({
  '10KPerMin': perMinute(10_000),
  '20KPerMin': perMinute(20_000),
  '50KPerMin': perMinute(50_000),
  Unlimited: UNLIMITED,
});

export const MAX_TIER_NAME_LENGTH = 128;

/** Seconds per WSO2 time unit; a month is 30 days. */
export const TIME_UNITS: Readonly<Record<TimeUnit, number>> = Object.freeze({ sec: 1, min: 60, hour: 3600, day: 86_400, month: 2_592_000 });

const invalid = (message: string): never => {
  throw new KeygateError('ERR_INVALID_OPTION', message);
};

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;

/** `true` for a tier that is never counted. */
export function isUnlimited(tier: Tier): boolean {
  return tier.requests === Infinity;
}

/** The period of a tier given by `periodSeconds` or by `unitTime` `timeUnit`s. */
function periodOf(tier: Record<string, unknown>, at: string): number {
  const { periodSeconds, timeUnit, unitTime } = tier;
  if (timeUnit === undefined) {
    if (unitTime !== undefined) invalid(`${at}.unitTime needs a timeUnit`);
    if (typeof periodSeconds !== 'number' || !Number.isFinite(periodSeconds) || periodSeconds <= 0) invalid(`${at}.periodSeconds must be a positive number`);
    return periodSeconds as number;
  }
  if (periodSeconds !== undefined) invalid(`${at} takes periodSeconds or timeUnit, not both`);
  const unit = typeof timeUnit === 'string' && Object.hasOwn(TIME_UNITS, timeUnit) ? TIME_UNITS[timeUnit as TimeUnit] : undefined;
  if (unit === undefined) return invalid(`${at}.timeUnit must be one of ${Object.keys(TIME_UNITS).join(', ')}`);
  if (unitTime !== undefined && !isCount(unitTime)) invalid(`${at}.unitTime must be a positive integer`);
  return unit * ((unitTime as number | undefined) ?? 1);
}

/**
 * Validates one tier definition (`at` names it in errors) and returns a frozen copy with its period
 * in seconds. Throws KeygateError `ERR_INVALID_OPTION`.
 */
export function checkTier(tier: unknown, at: string): ResolvedTier {
  if (typeof tier !== 'object' || tier === null) return invalid(`${at} must be { requests, periodSeconds | timeUnit, stopOnQuotaReach?, spikeArrestLimit? }`);
  const record = tier as Record<string, unknown>;
  const { requests, stopOnQuotaReach, spikeArrestLimit, spikeArrestUnit } = record;
  if (requests !== Infinity && !isCount(requests)) invalid(`${at}.requests must be a positive integer (or Infinity for unlimited)`);
  const periodSeconds = periodOf(record, at);
  if (stopOnQuotaReach !== undefined && typeof stopOnQuotaReach !== 'boolean') invalid(`${at}.stopOnQuotaReach must be a boolean`);
  if (spikeArrestLimit !== undefined && spikeArrestLimit !== 0 && !isCount(spikeArrestLimit)) invalid(`${at}.spikeArrestLimit must be a positive integer (0: off)`);
  if (spikeArrestUnit !== undefined && spikeArrestUnit !== 'sec' && spikeArrestUnit !== 'min') invalid(`${at}.spikeArrestUnit must be "sec" or "min"`);
  const copy: { -readonly [K in keyof ResolvedTier]: ResolvedTier[K] } = { requests: requests as number, periodSeconds };
  if (stopOnQuotaReach !== undefined) copy.stopOnQuotaReach = stopOnQuotaReach as boolean;
  if (isCount(spikeArrestLimit)) {
    copy.spikeArrestLimit = spikeArrestLimit;
    copy.spikeArrestUnit = spikeArrestUnit === 'min' ? 'min' : 'sec';
  }
  return Object.freeze(copy);
}

/** A tier name as stores and options take it. */
export function checkTierName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_TIER_NAME_LENGTH) invalid(`tier names must be 1 to ${MAX_TIER_NAME_LENGTH} characters`);
  return name as string;
}

/**
 * WSO2's default subscription, application and advanced tiers, with `overrides` replacing or adding tiers
 * by name. One namespace: `Unlimited` is the same tier at every level, as in WSO2.
 */
export function resolveTiers(overrides: Readonly<Record<string, Tier>> = {}): ReadonlyMap<string, ResolvedTier> {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    invalid('tiers must be an object of { [name]: { requests, periodSeconds | timeUnit, stopOnQuotaReach? } }');
  }
  const tiers = new Map<string, ResolvedTier>([SUBSCRIPTION_TIERS, APPLICATION_TIERS, ADVANCED_TIERS].flatMap((tiers) => Object.entries(tiers)));
  for (const [name, tier] of Object.entries(overrides)) tiers.set(checkTierName(name), checkTier(tier, `tiers.${JSON.stringify(name)}`));
  return tiers;
}
