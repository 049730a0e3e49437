import { KeygateError } from '../errors.js';
import type { Change, ChangeFeed, FeedPosition } from '../replica/types.js';
import type { RedisCommand } from './client.js';
import type { ReplicaKeys } from './replica-keys.js';
import { replyArray, replyNumber, replyPairs, replyString } from './reply.js';
import { redisScript } from './script.js';

// The newest entry's id and the change counter, read together.
const HEAD_SCRIPT = `local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local cursor = '0-0'
if last[1] then cursor = last[1][1] end
return {redis.call('GET', KEYS[2]) or '0', cursor}`;

/** Entries per read, and fields per HSCAN step, of a full load. */
const BATCH = 1000;

function unexpected(what: string): KeygateError {
  return new KeygateError('ERR_STORE_UNAVAILABLE', `Redis returned an unexpected reply for ${what}`);
}

/**
 * XREAD's reply for one stream: `null`, RESP2 `[[name, entries]]`, a RESP3 map `{name: entries}`,
 * or `[name, entries]` (ioredis 6 unwraps a single stream).
 */
function streamEntries(reply: unknown): readonly unknown[] {
  if (reply === null || reply === undefined) return [];
  let entries: unknown;
  if (reply instanceof Map) entries = [...(reply as Map<unknown, unknown>).values()][0];
  else if (Array.isArray(reply)) {
    if (reply.length === 0) return [];
    entries = Array.isArray(reply[0]) ? replyArray(reply[0], 'XREAD')[1] : reply[1];
  } else if (typeof reply === 'object') entries = Object.values(reply)[0];
  return entries === undefined ? [] : replyArray(entries, 'XREAD');
}

/** One log entry, `[id, [field, value, …]]`, as a change. */
function changeOf(entry: unknown): Change {
  const [id, fields] = replyArray(entry, 'XREAD');
  const cursor = replyString(id, 'XREAD');
  const record = new Map(replyPairs(fields, 'XREAD'));
  const seq = Number(record.get('n'));
  const table = record.get('t');
  const key = record.get('k');
  if (cursor === undefined || !Number.isSafeInteger(seq) || table === undefined || key === undefined) throw unexpected('a change log entry');
  return { seq, cursor, table, id: key, value: record.get('v') };
}

export interface RedisFeedOptions {
  /** Runs the blocking reads: a connection of their own (`reader`), or the command connection. */
  readonly read: RedisCommand;
  /** With a reader: the longest a read blocks. Without: the pause before reading again when nothing came. */
  readonly heartbeat: number;
  readonly blocking: boolean;
  readonly now: () => number;
}

/** The replica's change feed in Redis: a Stream read with XREAD, tables loaded with HSCAN. */
export function redisChangeFeed(command: RedisCommand, keys: ReplicaKeys, options: RedisFeedOptions): ChangeFeed {
  const headScript = redisScript(command, HEAD_SCRIPT);
  const { read, heartbeat, blocking, now } = options;
  const idle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, heartbeat));
  return {
    async head() {
      const [seq, cursor] = replyArray(await headScript([keys.log, keys.seq], []), 'the change log head');
      const position = { seq: replyNumber(seq, 'the change counter'), cursor: replyString(cursor, 'the change log head') };
      if (!Number.isSafeInteger(position.seq) || position.cursor === undefined) throw unexpected('the change log head');
      return position as FeedPosition;
    },
    async scan(table, put) {
      let cursor = '0';
      do {
        const [next, pairs] = replyArray(await command(['HSCAN', keys.table(table), cursor, 'COUNT', String(BATCH)]), 'HSCAN');
        cursor = replyString(next, 'HSCAN') ?? '0';
        for (const [id, value] of replyPairs(pairs, 'HSCAN')) put(id, value);
      } while (cursor !== '0');
    },
    async read(position, wait) {
      // BLOCK takes whole milliseconds (a heartbeat of maxStaleness / 4 may not be one); never 0, which waits for ever.
      const block = wait && blocking ? ['BLOCK', String(Math.max(1, Math.ceil(heartbeat)))] : [];
      const sentAt = now();
      const reply = await (block.length > 0 ? read : command)(['XREAD', 'COUNT', String(BATCH), ...block, 'STREAMS', keys.log, position.cursor]);
      const changes = streamEntries(reply).map(changeOf);
      if (changes.length >= BATCH) return { changes, currentAt: undefined };
      if (changes.length > 0 || !wait) return { changes, currentAt: sentAt };
      if (!blocking) {
        // Polling: nothing new at `sentAt`; wait a heartbeat before the next read.
        await idle();
        return { changes, currentAt: sentAt };
      }
      // Blocked a whole heartbeat with nothing new: current until Redis gave up waiting.
      return { changes, currentAt: Math.min(sentAt + heartbeat, now()) };
    },
  };
}
