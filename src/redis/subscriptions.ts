import { checkOptionNames, type OptionNames } from '../options/known.js';
import { alreadySubscribed, checkSubscription, notSubscribed } from '../stores/subscription-check.js';
import { corruptSubscription, decodeSubscription, encodeSubscriptionState, parseStringArray } from '../stores/subscription-codec.js';
import type { Subscription, SubscriptionStore } from '../stores/types.js';
import { optionalPrefix, redisCommand, type RedisClientLike, type RedisCommonOptions } from './client.js';
import { replyNumber, replyPairs, replyString } from './reply.js';
import { redisScript } from './script.js';

/** Options of `createRedisSubscriptionStore`: the key prefix and timeouts every Redis store shares. */
export type RedisSubscriptionStoreOptions = RedisCommonOptions;

/** A SubscriptionStore shared by every gateway; `find` is one HGET. */
export interface RedisSubscriptionStore extends SubscriptionStore {
  /** One HGET; rejects with `ERR_STORE_UNAVAILABLE` when Redis fails or times out. */
  find(applicationUuid: string, apiContext: string, apiVersion: string): Promise<Subscription | undefined>;
  /** Adds a subscription; rejects if one exists for the same application, context and version. */
  add(subscription: Subscription): Promise<void>;
  /** Replaces an existing subscription (status or tier change); rejects if there is none. */
  update(subscription: Subscription): Promise<void>;
  /** Removes a subscription; resolves to whether one was there. */
  remove(applicationUuid: string, apiContext: string, apiVersion: string): Promise<boolean>;
  /** Every subscription of one application (one HGETALL; not meant for the request path). */
  list(applicationUuid: string): Promise<Subscription[]>;
}

// Only replaces an existing field, atomically (HSET alone would also create one).
const UPDATE_SCRIPT = `if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return 1
end
return 0`;

/**
 * Layout: one hash per application, `<prefix>subs:<applicationUuid>`, whose fields are the JSON
 * array `[apiContext, apiVersion]` (unambiguous whatever the strings hold) and whose values are
 * `{"tier":..,"status":..}`. One key per application keeps it Redis Cluster friendly.
 */
export function createRedisSubscriptionStore(client: RedisClientLike, options: RedisSubscriptionStoreOptions = {}): RedisSubscriptionStore {
  checkOptionNames(options, { prefix: true, timeout: true } satisfies OptionNames<RedisSubscriptionStoreOptions>, 'createRedisSubscriptionStore');
  const prefix = optionalPrefix(options.prefix);
  const command = redisCommand(client, options);
  const updateScript = redisScript(command, UPDATE_SCRIPT);
  const keyOf = (applicationUuid: string): string => `${prefix}subs:${applicationUuid}`;
  const fieldOf = (apiContext: string, apiVersion: string): string => JSON.stringify([apiContext, apiVersion]);

  return {
    async find(applicationUuid, apiContext, apiVersion) {
      const reply = await command(['HGET', keyOf(applicationUuid), fieldOf(apiContext, apiVersion)]);
      const value = replyString(reply, 'a subscription');
      return value === undefined ? undefined : decodeSubscription(applicationUuid, apiContext, apiVersion, value);
    },
    async add(subscription) {
      const s = checkSubscription(subscription);
      const reply = await command(['HSETNX', keyOf(s.applicationUuid), fieldOf(s.apiContext, s.apiVersion), encodeSubscriptionState(s)]);
      if (replyNumber(reply, 'HSETNX') === 0) throw alreadySubscribed(s);
    },
    async update(subscription) {
      const s = checkSubscription(subscription);
      const reply = await updateScript([keyOf(s.applicationUuid)], [fieldOf(s.apiContext, s.apiVersion), encodeSubscriptionState(s)]);
      if (replyNumber(reply, 'a subscription update') === 0) throw notSubscribed(s);
    },
    async remove(applicationUuid, apiContext, apiVersion) {
      const reply = await command(['HDEL', keyOf(applicationUuid), fieldOf(apiContext, apiVersion)]);
      return replyNumber(reply, 'HDEL') > 0;
    },
    async list(applicationUuid) {
      const pairs = replyPairs(await command(['HGETALL', keyOf(applicationUuid)]), 'the subscriptions of an application');
      return pairs.map(([field, value]) => {
        const api = parseStringArray(field, 2);
        if (api === undefined) throw corruptSubscription();
        return decodeSubscription(applicationUuid, api[0]!, api[1]!, value);
      });
    },
  };
}
