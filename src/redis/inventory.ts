import { byIssue, checkIssuedKey, decodeIssuedKey, hasExpired } from '../inventory/check.js';
import type { IssuedKey, KeyInventory, KeyUse, LastUsedStore } from '../inventory/types.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import { optionalPrefix, redisCommand, type RedisClientLike, type RedisCommonOptions } from './client.js';
import { replyString } from './reply.js';
import { redisScript } from './script.js';
import { redisSetIndex, usableId } from './set-index.js';

/** Options of `createRedisKeyInventory`. */
export interface RedisKeyInventoryOptions extends RedisCommonOptions {
  /** Clock in milliseconds (default `Date.now`), for the entries' time to live. */
  readonly now?: (() => number) | undefined;
}

/** A `KeyInventory` in Redis, shared by every key-service process (see `createRedisKeyInventory`). */
export interface RedisKeyInventory extends KeyInventory, LastUsedStore {
  /** SET (expiring with the key), then SADD to its application's set. */
  record(key: IssuedKey): Promise<void>;
  /** Two GETs at once (the entry, its last use); rejects with ERR_STORE_UNAVAILABLE on a Redis failure or a value that is not keygate's. */
  find(jti: string): Promise<IssuedKey | undefined>;
  /** SMEMBERS of the application's set, two GETs per key. */
  list(applicationUuid: string): Promise<IssuedKey[]>;
  /** DEL, then SREM; the last use is deleted too. */
  remove(jti: string): Promise<boolean>;
  /** One script call per key, in parallel: its time is set unless a later one is there, expiring with the key. */
  recordUses(uses: readonly KeyUse[]): Promise<void>;
}

/** Keeps the later time of two gateways' writes (a stored value that is not a time is overwritten); the record expires with its key (PX), or never. */
const LAST_USED_SCRIPT = `local old = tonumber(redis.call('GET', KEYS[1])) or -1
if old >= tonumber(ARGV[1]) then return 0 end
if ARGV[2] == '' then redis.call('SET', KEYS[1], ARGV[1]) else redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 1`;

/**
 * Layout: one string per key, `<prefix>issued:<jti>`, holding the entry as JSON and expiring with
 * the key, and one set per application, `<prefix>issued-of:<applicationUuid>`, of its keys' jtis
 * (written after the entry; jtis of expired or removed entries are dropped as the set is listed).
 * The gateways' last-used tracker (`createLastUsedTracker({ store })`) writes
 * `<prefix>used:<jti>`, the time in seconds, expiring with the key. The key itself is never stored.
 */
export function createRedisKeyInventory(client: RedisClientLike, options: RedisKeyInventoryOptions = {}): RedisKeyInventory {
  checkOptionNames(options, { prefix: true, timeout: true, now: true } satisfies OptionNames<RedisKeyInventoryOptions>, 'createRedisKeyInventory');
  const prefix = optionalPrefix(options.prefix);
  const command = redisCommand(client, options);
  const now = options.now ?? Date.now;
  const keyOf = (jti: string): string => `${prefix}issued:${jti}`;
  const usedKeyOf = (jti: string): string => `${prefix}used:${jti}`;
  const lastUsedScript = redisScript(command, LAST_USED_SCRIPT);
  const lastUseOf = (jti: string): Promise<unknown> => command(['GET', usedKeyOf(jti)]);
  /** The entry with the time its key was last used (`reply`, the GET of it), when one was written. */
  const withLastUse = (key: IssuedKey, reply: unknown): IssuedKey => {
    const used = replyString(reply, 'a last use');
    const lastUsedAt = used === undefined ? Number.NaN : Number(used);
    return Number.isSafeInteger(lastUsedAt) && lastUsedAt >= 0 ? Object.freeze({ ...key, lastUsedAt }) : key;
  };
  const index = redisSetIndex(command, {
    setKey: (applicationUuid) => `${prefix}issued-of:${applicationUuid}`,
    recordKey: keyOf,
    decode: decodeIssuedKey,
    groupOf: (key) => key.applicationUuid,
    what: 'an issued key',
  });

  return {
    async record(issued) {
      const key = checkIssuedKey(issued);
      const t = now();
      if (hasExpired(key, t)) return;
      const ttl = key.expiresAt === undefined ? [] : ['PX', String(Math.ceil(key.expiresAt * 1000 - t))];
      await command(['SET', keyOf(key.jti), JSON.stringify(key), ...ttl]);
      await index.add(key.applicationUuid, key.jti);
    },
    async find(jti) {
      // Both GETs at once: the last use is read for nothing only when the key is unknown.
      const [key, used] = await Promise.all([index.find(jti), usableId(jti) ? lastUseOf(jti) : undefined]);
      return key === undefined ? undefined : withLastUse(key, used);
    },
    async list(applicationUuid) {
      const t = now();
      const live = (await index.list(applicationUuid)).filter((key) => !hasExpired(key, t));
      const used = await Promise.all(live.map((key) => lastUseOf(key.jti)));
      return live.map((key, i) => withLastUse(key, used[i])).sort(byIssue);
    },
    async remove(jti) {
      const removed = await index.delete(jti);
      if (usableId(jti)) await command(['DEL', usedKeyOf(jti)]);
      return removed;
    },
    async recordUses(uses) {
      const t = now();
      await Promise.all(uses.map(async ({ jti, usedAt, expiresAt }) => {
        const ttl = expiresAt === undefined ? undefined : Math.ceil(expiresAt * 1000 - t);
        // An expired key's use is not worth a record.
        if (!usableId(jti) || !Number.isSafeInteger(usedAt) || usedAt < 0 || (ttl !== undefined && !(ttl > 0))) return;
        await lastUsedScript([usedKeyOf(jti)], [String(usedAt), ttl === undefined ? '' : String(ttl)]);
      }));
    },
  };
}
