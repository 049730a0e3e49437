import { KeygateError } from '../errors.js';
import { REVOCATIONS_TABLE } from '../replica/revocations.js';
import type { RedisCommand } from './client.js';
import type { ReplicaKeys } from './replica-keys.js';
import { replyNumber } from './reply.js';
import { redisScript } from './script.js';

/** How a write treats an id: `add` only a new one, `update` and `remove` only an existing one, `put` either. */
export type WriteMode = 'add' | 'update' | 'put' | 'remove';

/** The admin side of a replicated table: each change and its log entry, in one script. */
export interface ChangeLogWriter {
  /**
   * Resolves to the change's number, or 0 when the mode let nothing change (nothing is logged then);
   * for `put`, negated when the id was there (replaced).
   */
  write(mode: WriteMode, table: string, id: string, value?: string): Promise<number>;
  /**
   * Revokes `jti` until `keep` (ms since the epoch, '' for good), keeping the later of the stored
   * and the new time. Resolves to the change's number, or 0 when nothing changed.
   */
  revoke(jti: string, keep: string): Promise<number>;
}

// The entry is added first: if XADD fails (out of memory), nothing has changed.
// KEYS: table hash, log, seq. ARGV: mode, table name, id, value, log length.
const WRITE_SCRIPT = `local mode = ARGV[1]
local exists = redis.call('HEXISTS', KEYS[1], ARGV[3]) == 1
if (mode == 'add' and exists) or ((mode == 'update' or mode == 'remove') and not exists) then return 0 end
local seq = (tonumber(redis.call('GET', KEYS[3])) or 0) + 1
if mode == 'remove' then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', 'n', seq, 't', ARGV[2], 'k', ARGV[3])
  redis.call('HDEL', KEYS[1], ARGV[3])
else
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', 'n', seq, 't', ARGV[2], 'k', ARGV[3], 'v', ARGV[4])
  redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
end
redis.call('SET', KEYS[3], seq)
if mode == 'put' and exists then return -seq end
return seq`;

// Drops a few revocations past their time (not logged: followers drop them by the same time),
// then keeps the later of the stored and the new time ('' = for good wins), timed by Redis's clock.
// KEYS: revocations hash, log, seq, expiry set. ARGV: jti, keep, log length, table name.
const REVOKE_SCRIPT = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for _, old in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now, 'LIMIT', 0, 32)) do
  redis.call('HDEL', KEYS[1], old)
  redis.call('ZREM', KEYS[4], old)
end
local stored = redis.call('HGET', KEYS[1], ARGV[1])
local keep = ARGV[2]
if stored == '' then return 0 end
if keep ~= '' then
  local ms = tonumber(keep)
  if ms <= now or (stored and tonumber(stored) and tonumber(stored) >= ms) then return 0 end
end
local seq = (tonumber(redis.call('GET', KEYS[3])) or 0) + 1
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'n', seq, 't', ARGV[4], 'k', ARGV[1], 'v', keep)
redis.call('HSET', KEYS[1], ARGV[1], keep)
if keep == '' then redis.call('ZREM', KEYS[4], ARGV[1]) else redis.call('ZADD', KEYS[4], keep, ARGV[1]) end
redis.call('SET', KEYS[3], seq)
return seq`;

export const DEFAULT_LOG_LENGTH = 10_000;

/** Checks the `logLength` option: how many entries the log keeps (about; Redis trims in whole nodes). */
export function logLengthOf(value: number | undefined): number {
  const length = value ?? DEFAULT_LOG_LENGTH;
  if (!Number.isSafeInteger(length) || length < 1) throw new KeygateError('ERR_INVALID_OPTION', 'logLength must be a positive integer');
  return length;
}

export function changeLogWriter(command: RedisCommand, keys: ReplicaKeys, logLength: number): ChangeLogWriter {
  const writeScript = redisScript(command, WRITE_SCRIPT);
  const revokeScript = redisScript(command, REVOKE_SCRIPT);
  const length = String(logLength);
  return {
    async write(mode, table, id, value = '') {
      return replyNumber(await writeScript([keys.table(table), keys.log, keys.seq], [mode, table, id, value, length]), 'a replicated write');
    },
    async revoke(jti, keep) {
      const reply = await revokeScript([keys.table(REVOCATIONS_TABLE), keys.log, keys.seq, keys.revokedUntil], [jti, keep, length, REVOCATIONS_TABLE]);
      return replyNumber(reply, 'a replicated revocation');
    },
  };
}
