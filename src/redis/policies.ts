import { KeygateError } from '../errors.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import { decodePolicy, encodePolicy } from '../throttle/policy-codec.js';
import { checkTier, checkTierName } from '../throttle/tiers.js';
import type { PolicyStore, ResolvedTier, Tier } from '../throttle/types.js';
import type { RedisClientLike } from './client.js';
import { FOLLOWED_OPTIONS, followHash, type RedisFollowedOptions } from './followed-hash.js';

/** Options of `createRedisPolicyStore`. */
export type RedisPolicyStoreOptions = RedisFollowedOptions;

/** Throttling policies shared by a fleet through Redis, answered from memory (see `createRedisPolicyStore`). */
export interface RedisPolicyStore extends PolicyStore {
  /** At once, from memory; throws ERR_STORE_UNAVAILABLE before the first load, while stale, and for an entry that is not a policy. */
  find(name: string): ResolvedTier | undefined;
  /** Adds or replaces the policy `name` in Redis; resolves once it is in Redis. This process has it at once (unless reading it back fails: then within `refresh` ms, as the others). */
  put(name: string, tier: Tier): Promise<void>;
  /** Removes a policy from Redis; resolves to whether there was one. */
  remove(name: string): Promise<boolean>;
  /** Every policy in Redis (one round trip; not meant for the request path). */
  list(): Promise<Record<string, ResolvedTier>>;
  /** Resolves once the policies are loaded; `find` answers 503 until then. */
  readonly ready: Promise<void>;
  /** Stops following Redis. The connection is yours: keygate never quits it. */
  close(): void;
}

/** Stands for an entry that is not a policy: its look-ups fail closed. */
const CORRUPT: unique symbol = Symbol('corrupt policy');

const decode = (name: string, value: string): ResolvedTier | typeof CORRUPT => decodePolicy(name, value) ?? CORRUPT;

/**
 * Throttle option `policies`, shared by every gateway: the policies live in the Redis hash
 * `{<prefix>policies}` (name → the tier as JSON) and each gateway keeps them in memory, looking at
 * their version every `refresh` ms, so throttling asks Redis nothing per call. `put` and `remove`
 * (from any process) apply on every gateway within `refresh` ms. A gateway that could not confirm it
 * holds the current policies for `maxStaleness` ms answers 503 until it has; an entry that is not a
 * policy fails closed (503) for its name.
 */
export function createRedisPolicyStore(client: RedisClientLike, options: RedisPolicyStoreOptions = {}): RedisPolicyStore {
  checkOptionNames(options, FOLLOWED_OPTIONS satisfies OptionNames<RedisPolicyStoreOptions>, 'createRedisPolicyStore');
  const hash = followHash(client, 'policies', options, (entries) => new Map(entries.map(([name, value]) => [name, decode(name, value)] as const)));
  return {
    find(name) {
      const found = hash.current().get(name);
      if (found === CORRUPT) throw new KeygateError('ERR_STORE_UNAVAILABLE', `the policy ${JSON.stringify(name)} in Redis is not in keygate's format`);
      return found;
    },
    async put(name, tier) {
      const checked = checkTier(tier, `policy ${JSON.stringify(checkTierName(name))}`);
      await hash.write(name, encodePolicy(checked));
    },
    remove: async (name) => (await hash.write(name, undefined)) !== 'unchanged',
    async list() {
      const policies: Record<string, ResolvedTier> = {};
      for (const [name, value] of await hash.entries()) {
        const tier = decode(name, value);
        if (tier !== CORRUPT) policies[name] = tier;
      }
      return policies;
    },
    ready: hash.ready,
    close: () => hash.close(),
  };
}
