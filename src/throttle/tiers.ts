import { KeygateError } from '../errors.js';
import type { Tier } from './types.js';

const perMinute = (requests: number): Tier => Object.freeze({ requests, periodSeconds: 60 });
const UNLIMITED: Tier = perMinute(Infinity);

/**
 * WSO2 API Manager's default subscription tiers (business plans); `Unauthenticated` counts calls
 * to resources that need no key, per client address.
 */
export const SUBSCRIPTION_TIERS: Readonly<Record<'Bronze' | 'Silver' | 'Gold' | 'Unauthenticated' | 'Unlimited', Tier>> = Object.freeze({
  Bronze: perMinute(1000),
  Silver: perMinute(2000),
  Gold: perMinute(5000),
  Unauthenticated: perMinute(500),
  Unlimited: UNLIMITED,
});

/** WSO2 API Manager's default application tiers. */
export const APPLICATION_TIERS: Readonly<Record<'10PerMin' | '20PerMin' | '50PerMin' | 'Unlimited', Tier>> = Object.freeze({
  '10PerMin': perMinute(10),
  '20PerMin': perMinute(20),
  '50PerMin': perMinute(50),
  Unlimited: UNLIMITED,
});

export const MAX_TIER_NAME_LENGTH = 128;

const invalid = (message: string): never => {
  throw new KeygateError('ERR_INVALID_OPTION', message);
};

/** `true` for a tier that is never counted. */
export function isUnlimited(tier: Tier): boolean {
  return tier.requests === Infinity;
}

/** Validates one tier definition and returns a frozen copy. */
export function checkTier(tier: unknown, name: string): Tier {
  if (typeof tier !== 'object' || tier === null) return invalid(`tiers.${name} must be { requests, periodSeconds, stopOnQuotaReach? }`);
  const { requests, periodSeconds, stopOnQuotaReach } = tier as Record<string, unknown>;
  if (requests !== Infinity && (typeof requests !== 'number' || !Number.isSafeInteger(requests) || requests <= 0)) {
    invalid(`tiers.${name}.requests must be a positive integer (or Infinity for unlimited)`);
  }
  if (typeof periodSeconds !== 'number' || !Number.isFinite(periodSeconds) || periodSeconds <= 0) {
    invalid(`tiers.${name}.periodSeconds must be a positive number`);
  }
  if (stopOnQuotaReach !== undefined && typeof stopOnQuotaReach !== 'boolean') {
    invalid(`tiers.${name}.stopOnQuotaReach must be a boolean`);
  }
  return Object.freeze({
    requests: requests as number,
    periodSeconds: periodSeconds as number,
    ...(stopOnQuotaReach === undefined ? {} : { stopOnQuotaReach: stopOnQuotaReach as boolean }),
  });
}

/**
 * WSO2's default subscription and application tiers, with `overrides` replacing or adding tiers
 * by name. One namespace: `Unlimited` is the same tier at both levels, as in WSO2.
 */
export function resolveTiers(overrides: Readonly<Record<string, Tier>> = {}): ReadonlyMap<string, Tier> {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    invalid('tiers must be an object of { [name]: { requests, periodSeconds, stopOnQuotaReach? } }');
  }
  const tiers = new Map<string, Tier>([...Object.entries(SUBSCRIPTION_TIERS), ...Object.entries(APPLICATION_TIERS)]);
  for (const [name, tier] of Object.entries(overrides)) {
    if (name.length === 0 || name.length > MAX_TIER_NAME_LENGTH) invalid(`tier names must be 1 to ${MAX_TIER_NAME_LENGTH} characters`);
    tiers.set(name, checkTier(tier, JSON.stringify(name)));
  }
  return tiers;
}
