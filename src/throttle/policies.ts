import { KeygateError } from '../errors.js';
import { isPromiseLike } from '../validate/maybe-promise.js';
import { rethrowAsStoreFailure, storeFailure } from '../validate/store-failure.js';
import { checkTier, checkTierName } from './tiers.js';
import type { PolicyLevel, PolicyStore, ResolvedTier, Tier } from './types.js';

/** The in-process `PolicyStore` (see `createMemoryPolicyStore`). */
export interface MemoryPolicyStore extends PolicyStore {
  /** At once, from memory (one namespace: `level` is not looked at). */
  find(name: string, level?: PolicyLevel): ResolvedTier | undefined;
  /** Adds or replaces the policy `name`; it applies from the next call on. */
  put(name: string, tier: Tier): void;
  /** Removes a policy; returns whether there was one. Calls on that tier then fail closed (500). */
  remove(name: string): boolean;
  /** Every policy, by name. */
  list(): Record<string, ResolvedTier>;
}

/**
 * The in-process `PolicyStore`, optionally filled with `policies` (name → tier): throttling tiers
 * defined at run time (synced from WSO2, read from a database) rather than in code. Policies are
 * checked as they are put: a bad one throws `ERR_INVALID_OPTION`.
 */
export function createMemoryPolicyStore(policies: Readonly<Record<string, Tier>> = {}): MemoryPolicyStore {
  const map = new Map<string, ResolvedTier>();
  const store: MemoryPolicyStore = {
    find: (name) => map.get(name),
    put(name, tier) {
      map.set(checkTierName(name), checkTier(tier, `policy ${JSON.stringify(name)}`));
    },
    remove: (name) => map.delete(name),
    list: () => Object.fromEntries(map),
  };
  for (const [name, tier] of Object.entries(policies)) store.put(name, tier);
  return store;
}

/** Finds a level's tier by name: a `ResolvedTier`, `undefined` when no store knows it, or a promise of either. */
export type TierLookup = (name: string, level: PolicyLevel) => ResolvedTier | undefined | Promise<ResolvedTier | undefined>;

/**
 * Tiers from `store` (when given), then from `builtIn` (WSO2's defaults and the `tiers` option).
 * What a store answers is checked once per object: a store handing out the same object (as the
 * memory store does) costs a WeakMap look-up per call. A store's failure is a store failure (503); a
 * policy it holds that is not one fails closed (500, the problem as `cause`).
 */
export function tierLookup(store: PolicyStore | undefined, builtIn: ReadonlyMap<string, ResolvedTier>): TierLookup {
  if (store === undefined) return (name) => builtIn.get(name);
  const checked = new WeakMap<object, ResolvedTier>();
  const resolve = (name: string, found: Tier | undefined): ResolvedTier | undefined => {
    if (found === undefined || found === null) return builtIn.get(name);
    const known = checked.get(found);
    if (known !== undefined) return known;
    let tier: ResolvedTier;
    try {
      tier = checkTier(found, `the policy store's ${JSON.stringify(name)}`);
    } catch (error) {
      throw new KeygateError('ERR_INVALID_OPTION', `the policy store holds an invalid policy ${JSON.stringify(name)}`, { cause: error });
    }
    checked.set(found, tier);
    return tier;
  };
  return (name, level) => {
    let found: Tier | undefined | Promise<Tier | undefined>;
    try {
      found = store.find(name, level);
    } catch (error) {
      throw storeFailure(error);
    }
    if (!isPromiseLike(found)) return resolve(name, found);
    return Promise.resolve(found).then((tier) => resolve(name, tier), rethrowAsStoreFailure);
  };
}

export function checkPolicyStore(store: unknown): PolicyStore | undefined {
  if (store !== undefined && typeof (store as Partial<PolicyStore> | null)?.find !== 'function') {
    throw new KeygateError('ERR_INVALID_OPTION', 'policies must be a PolicyStore (see createMemoryPolicyStore)');
  }
  return store as PolicyStore | undefined;
}
