import { parseJsonObject } from '../encoding/json.js';
import { KeygateError } from '../errors.js';
import { alreadySubscribed, checkSubscription, isSubscriptionStatus, notSubscribed } from '../stores/subscription-check.js';
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
  const prefix = optionalPrefix(options.prefix);
  const command = redisCommand(client, options);
  const updateScript = redisScript(command, UPDATE_SCRIPT);
  const keyOf = (applicationUuid: string): string => `${prefix}subs:${applicationUuid}`;
  const fieldOf = (apiContext: string, apiVersion: string): string => JSON.stringify([apiContext, apiVersion]);
  const valueOf = (s: Subscription): string => JSON.stringify({ tier: s.tier, status: s.status });

  return {
    async find(applicationUuid, apiContext, apiVersion) {
      const reply = await command(['HGET', keyOf(applicationUuid), fieldOf(apiContext, apiVersion)]);
      const value = replyString(reply, 'a subscription');
      return value === undefined ? undefined : parseEntry(applicationUuid, apiContext, apiVersion, value);
    },
    async add(subscription) {
      const s = checkSubscription(subscription);
      const reply = await command(['HSETNX', keyOf(s.applicationUuid), fieldOf(s.apiContext, s.apiVersion), valueOf(s)]);
      if (replyNumber(reply, 'HSETNX') === 0) throw alreadySubscribed(s);
    },
    async update(subscription) {
      const s = checkSubscription(subscription);
      const reply = await updateScript([keyOf(s.applicationUuid)], [fieldOf(s.apiContext, s.apiVersion), valueOf(s)]);
      if (replyNumber(reply, 'a subscription update') === 0) throw notSubscribed(s);
    },
    async remove(applicationUuid, apiContext, apiVersion) {
      const reply = await command(['HDEL', keyOf(applicationUuid), fieldOf(apiContext, apiVersion)]);
      return replyNumber(reply, 'HDEL') > 0;
    },
    async list(applicationUuid) {
      const pairs = replyPairs(await command(['HGETALL', keyOf(applicationUuid)]), 'the subscriptions of an application');
      return pairs.map(([field, value]) => {
        const [apiContext, apiVersion] = parseField(field);
        return parseEntry(applicationUuid, apiContext, apiVersion, value);
      });
    },
  };
}

function corrupt(): KeygateError {
  // Fail closed: a value we cannot read must not be taken for "subscribed" nor "not subscribed".
  return new KeygateError('ERR_STORE_UNAVAILABLE', 'a subscription entry in Redis is not in keygate\'s format');
}

function parseField(field: string): [string, string] {
  let api: unknown;
  try {
    api = JSON.parse(field);
  } catch {
    throw corrupt();
  }
  if (!Array.isArray(api) || api.length !== 2 || typeof api[0] !== 'string' || typeof api[1] !== 'string') throw corrupt();
  return [api[0], api[1]];
}

function parseEntry(applicationUuid: string, apiContext: string, apiVersion: string, value: string): Subscription {
  const entry = parseJsonObject(value, 2);
  if (entry === undefined) throw corrupt();
  const { tier, status } = entry;
  if ((tier !== undefined && typeof tier !== 'string') || (status !== undefined && !isSubscriptionStatus(status))) throw corrupt();
  return Object.freeze({
    applicationUuid,
    apiContext,
    apiVersion,
    ...(tier === undefined ? {} : { tier }),
    ...(status === undefined ? {} : { status }),
  });
}
