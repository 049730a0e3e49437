import { byIssue, checkIssuedKey, decodeIssuedKey, hasExpired } from '../inventory/check.js';
import type { IssuedKey, KeyInventory } from '../inventory/types.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import { optionalPrefix, redisCommand, type RedisClientLike, type RedisCommonOptions } from './client.js';
import { replyNumber, replyString } from './reply.js';
import { redisSetIndex } from './set-index.js';

/** Options of `createRedisKeyInventory`. */
export interface RedisKeyInventoryOptions extends RedisCommonOptions {
  /** Clock in milliseconds (default `Date.now`), for the entries' time to live. */
  readonly now?: (() => number) | undefined;
}

/** A `KeyInventory` in Redis, shared by every key-service process (see `createRedisKeyInventory`). */
export interface RedisKeyInventory extends KeyInventory {
  /** SET (expiring with the key), then SADD to its application's set. */
  record(key: IssuedKey): Promise<void>;
  /** One GET; rejects with ERR_STORE_UNAVAILABLE on a Redis failure or a value that is not keygate's. */
  find(jti: string): Promise<IssuedKey | undefined>;
  /** SMEMBERS of the application's set, one GET each. */
  list(applicationUuid: string): Promise<IssuedKey[]>;
  /** DEL, then SREM. */
  remove(jti: string): Promise<boolean>;
}

/** The longest jti or application uuid looked up: both become key names. */
const MAX_ID_LENGTH = 1024;
const usable = (id: unknown): id is string => typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH;

/**
 * Layout: one string per key, `<prefix>issued:<jti>`, holding the entry as JSON and expiring with
 * the key, and one set per application, `<prefix>issued-of:<applicationUuid>`, of its keys' jtis
 * (written after the entry; jtis of expired or removed entries are dropped as the set is listed).
 * The key itself is never stored.
 */
export function createRedisKeyInventory(client: RedisClientLike, options: RedisKeyInventoryOptions = {}): RedisKeyInventory {
  checkOptionNames(options, { prefix: true, timeout: true, now: true } satisfies OptionNames<RedisKeyInventoryOptions>, 'createRedisKeyInventory');
  const prefix = optionalPrefix(options.prefix);
  const command = redisCommand(client, options);
  const now = options.now ?? Date.now;
  const keyOf = (jti: string): string => `${prefix}issued:${jti}`;
  const index = redisSetIndex(command, {
    setKey: (applicationUuid) => `${prefix}issued-of:${applicationUuid}`,
    recordKey: keyOf,
    decode: decodeIssuedKey,
    belongs: (key, applicationUuid) => key.applicationUuid === applicationUuid,
  });
  const find = async (jti: string): Promise<IssuedKey | undefined> => {
    if (!usable(jti)) return undefined;
    const value = replyString(await command(['GET', keyOf(jti)]), 'an issued key');
    return value === undefined ? undefined : decodeIssuedKey(jti, value);
  };

  return {
    async record(issued) {
      const key = checkIssuedKey(issued);
      const t = now();
      if (hasExpired(key, t)) return;
      const ttl = key.expiresAt === undefined ? [] : ['PX', String(Math.ceil(key.expiresAt * 1000 - t))];
      await command(['SET', keyOf(key.jti), JSON.stringify(key), ...ttl]);
      await index.add(key.applicationUuid, key.jti);
    },
    find,
    async list(applicationUuid) {
      if (!usable(applicationUuid)) return [];
      const t = now();
      return (await index.list(applicationUuid)).filter((key) => !hasExpired(key, t)).sort(byIssue);
    },
    async remove(jti) {
      const old = await find(jti).catch(() => undefined);
      const removed = usable(jti) && replyNumber(await command(['DEL', keyOf(jti)]), 'DEL') > 0;
      if (old !== undefined) await index.remove(old.applicationUuid, jti);
      return removed;
    },
  };
}
