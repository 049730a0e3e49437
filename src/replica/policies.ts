import { KeygateError } from '../errors.js';
import { decodePolicy, encodePolicy } from '../throttle/policy-codec.js';
import { checkTier, checkTierName } from '../throttle/tiers.js';
import type { ResolvedTier, Tier } from '../throttle/types.js';
import type { RecordSpec } from './records.js';

/** A throttling policy as a replica's writers take it: its name and its tier. */
export interface ReplicaPolicy {
  /** The tier's name, as subscriptions, applications and APIs name it (1 to 128 characters). */
  readonly name: string;
  readonly tier: Tier;
}

/** A policy as a replica holds it: its tier checked and frozen. */
export interface HeldPolicy extends ReplicaPolicy {
  readonly tier: ResolvedTier;
}

function checkPolicy(policy: ReplicaPolicy): HeldPolicy {
  if (typeof policy !== 'object' || policy === null) throw new KeygateError('ERR_INVALID_OPTION', 'a policy must be { name, tier }');
  const name = checkTierName(policy.name);
  return Object.freeze({ name, tier: checkTier(policy.tier, `policy ${JSON.stringify(name)}`) });
}

/**
 * Throttling policies in a replica: by name in the table `policies`, each stored as its tier's JSON
 * (as `createRedisPolicyStore` stores it). One namespace, as in WSO2: a look-up ignores the level.
 */
export const POLICIES: RecordSpec<HeldPolicy, ReplicaPolicy> = {
  table: 'policies',
  idOf: (policy) => policy.name,
  check: checkPolicy,
  encode: (policy) => encodePolicy(policy.tier),
  exists: (policy) => new KeygateError('ERR_INVALID_OPTION', `policy ${JSON.stringify(policy.name)} already exists; use update()`),
  missing: (policy) => new KeygateError('ERR_INVALID_OPTION', `there is no policy ${JSON.stringify(policy.name)}; use add()`),
  decode(name, text) {
    const tier = decodePolicy(name, text);
    return tier === undefined ? undefined : Object.freeze({ name, tier });
  },
  corrupt: () => new KeygateError('ERR_STORE_UNAVAILABLE', "a stored policy is not in keygate's format"),
};
