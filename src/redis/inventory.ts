import { byIssue, checkIssuedKey, decodeIssuedKey, hasExpired } from '../inventory/check.js';
import type { IssuedKey, KeyInventory, KeyUse, LastUsedStore } from '../inventory/types.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import { optionalPrefix, redisCommand, type RedisClientLike, type RedisCommonOptions } from './client.js';
import { replyArray, replyString } from './reply.js';
import { redisScript } from './script.js';
import { redisSetIndex, usableId } from './set-index.js';

const WHAT = 'an issued key';

/** Options of `createRedisKeyInventory`. */
export interface RedisKeyInventoryOptions extends RedisCommonOptions {
  /** Clock in milliseconds (default `Date.now`), for the entries' time to live. */
  readonly now?: (() => number) | undefined;
}

/** A `KeyInventory` in Redis, shared by every key-service process (see `createRedisKeyInventory`). */
export interface RedisKeyInventory extends KeyInventory, LastUsedStore {
  /** One script: the entry into the key's hash, expiring with the key; then SADD to its application's set. */
  record(key: IssuedKey): Promise<void>;
  /** One HMGET (the entry and its last use); rejects with ERR_STORE_UNAVAILABLE on a Redis failure or a value that is not keygate's. */
  find(jti: string): Promise<IssuedKey | undefined>;
  /** SMEMBERS of the application's set, one HMGET per key. */
  list(applicationUuid: string): Promise<IssuedKey[]>;
  /** DEL (the entry and its last use), then SREM. */
  remove(jti: string): Promise<boolean>;
  /** One script call per key, in parallel: its time is set unless a later one is there; a key the inventory does not hold gets none. */
  recordUses(uses: readonly KeyUse[]): Promise<void>;
}

/** The entry, written whole, and the hash's time to live: the key's, or none. ARGV: entry, ms to live or ''. */
const RECORD_SCRIPT = `redis.call('HSET', KEYS[1], 'key', ARGV[1])
if ARGV[2] == '' then redis.call('PERSIST', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

/**
 * A use, for a key the inventory holds (a use of any other key would leave a record nobody removes),
 * unless a gateway wrote a later one; a stored value that is not a time is overwritten.
 */
const LAST_USED_SCRIPT = `if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local old = tonumber(redis.call('HGET', KEYS[1], 'used')) or -1
if old >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'used', ARGV[1])
return 1`;

/**
 * Layout: one hash per key, `<prefix>issued:<jti>`, expiring with the key: `key`, the entry as JSON,
 * and `used`, the time in seconds the gateways' last-used tracker (`createLastUsedTracker({ store })`)
 * last saw it; and one set per application, `<prefix>issued-of:<applicationUuid>`, of its keys' jtis
 * (written after the entry; jtis of expired or removed entries are dropped as the set is listed).
 * The key itself is never stored.
 */
export function createRedisKeyInventory(client: RedisClientLike, options: RedisKeyInventoryOptions = {}): RedisKeyInventory {
  checkOptionNames(options, { prefix: true, timeout: true, now: true } satisfies OptionNames<RedisKeyInventoryOptions>, 'createRedisKeyInventory');
  const prefix = optionalPrefix(options.prefix);
  const command = redisCommand(client, options);
  const now = options.now ?? Date.now;
  const keyOf = (jti: string): string => `${prefix}issued:${jti}`;
  const recordScript = redisScript(command, RECORD_SCRIPT);
  const lastUsedScript = redisScript(command, LAST_USED_SCRIPT);
  const index = redisSetIndex<IssuedKey>(command, {
    setKey: (applicationUuid) => `${prefix}issued-of:${applicationUuid}`,
    recordKey: keyOf,
    readCommand: (key) => ['HMGET', key, 'key', 'used'],
    decode: (jti, reply) => {
      const [entry, used] = replyArray(reply, WHAT).map((field) => replyString(field, WHAT));
      if (entry === undefined) return undefined; // no such key (a use is only ever written into an entry)
      const key = decodeIssuedKey(jti, entry);
      const lastUsedAt = used === undefined ? Number.NaN : Number(used);
      return Number.isSafeInteger(lastUsedAt) && lastUsedAt >= 0 ? Object.freeze({ ...key, lastUsedAt }) : key;
    },
    groupOf: (key) => key.applicationUuid,
    what: WHAT,
  });

  return {
    async record(issued) {
      const key = checkIssuedKey(issued);
      const t = now();
      if (hasExpired(key, t)) return;
      const ttl = key.expiresAt === undefined ? '' : String(Math.ceil(key.expiresAt * 1000 - t));
      await recordScript([keyOf(key.jti)], [JSON.stringify(key), ttl]);
      await index.add(key.applicationUuid, key.jti);
    },
    find: index.find,
    async list(applicationUuid) {
      const t = now();
      return (await index.list(applicationUuid)).filter((key) => !hasExpired(key, t)).sort(byIssue);
    },
    remove: index.delete,
    async recordUses(uses) {
      await Promise.all(uses.map(async ({ jti, usedAt }) => {
        if (!usableId(jti) || !Number.isSafeInteger(usedAt) || usedAt < 0) return;
        await lastUsedScript([keyOf(jti)], [String(usedAt)]);
      }));
    },
  };
}
