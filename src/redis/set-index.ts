import type { RedisCommand } from './client.js';
import { replyArray, replyNumber, replyString } from './reply.js';

/** The longest id or group looked up: both become key names, and a key is only a name in Redis. */
const MAX_ID_LENGTH = 1024;

/** Whether an id (or group) from a caller is worth a command: a string of 1 to 1024 characters. */
export const usableId = (id: unknown): id is string => typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH;

/**
 * Records listed by a Redis set of their ids (an owner's applications, an application's keys):
 * one key per record (a string, or a hash), found by its id, and one set per group naming the records in it.
 * The two live in different hash slots (a record is found by its id alone), so they are written
 * by two commands, the record first: the set may name a record that is gone (removed, expired)
 * but never misses one that was written whole. Listing drops what the set names and no record
 * backs, or whose record is no longer in the group.
 */
export interface RedisSetIndex<T> {
  /** The record with this id (one command), or undefined; a stored value `decode` refuses rejects. */
  find(id: string): Promise<T | undefined>;
  /** Names `id` in `group` (SADD), after its record is written. */
  add(group: string, id: string): Promise<void>;
  /** Stops naming `id` in `group` (SREM). */
  remove(group: string, id: string): Promise<void>;
  /** Deletes a record (DEL) and its id from its group's set; resolves to whether it was there. */
  delete(id: string): Promise<boolean>;
  /** The records the group's set names (SMEMBERS, then one read each, in parallel), in id order. */
  list(group: string): Promise<T[]>;
}

export interface SetIndexSpec<T> {
  /** The set's key for a group. */
  setKey(group: string): string;
  /** A record's key. */
  recordKey(id: string): string;
  /** The command that reads a record (default `GET key`). */
  readCommand?(key: string): string[];
  /** Reads its reply: undefined when there is no record; throws, to fail closed, when it is not keygate's. */
  readonly decode: (id: string, reply: unknown) => T | undefined;
  /** The group a record is in (an application's owner, a key's application), if any. */
  groupOf(record: T): string | undefined;
  /** What a record is, for errors: `an application`. */
  readonly what: string;
}

/** `decode` for records stored as one string (GET): `read` gets the string, when there is one. */
export const stringRecord = <T>(what: string, read: (id: string, value: string) => T) => (id: string, reply: unknown): T | undefined => {
  const value = replyString(reply, what);
  return value === undefined ? undefined : read(id, value);
};

export function redisSetIndex<T>(command: RedisCommand, spec: SetIndexSpec<T>): RedisSetIndex<T> {
  const remove = async (group: string, id: string): Promise<void> => {
    await command(['SREM', spec.setKey(group), id]);
  };
  const find = async (id: string): Promise<T | undefined> => {
    if (!usableId(id)) return undefined;
    const key = spec.recordKey(id);
    return spec.decode(id, await command(spec.readCommand?.(key) ?? ['GET', key]));
  };
  return {
    find,
    async add(group, id) {
      await command(['SADD', spec.setKey(group), id]);
    },
    remove,
    async delete(id) {
      if (!usableId(id)) return false;
      // A value that is not keygate's is deleted all the same; only its group is then unknown.
      const old = await find(id).catch(() => undefined);
      const removed = replyNumber(await command(['DEL', spec.recordKey(id)]), 'DEL') > 0;
      const group = old === undefined ? undefined : spec.groupOf(old);
      if (group !== undefined) await remove(group, id);
      return removed;
    },
    async list(group) {
      if (!usableId(group)) return [];
      const ids = replyArray(await command(['SMEMBERS', spec.setKey(group)]), 'SMEMBERS')
        .map((id) => replyString(id, 'SMEMBERS') ?? '')
        .sort();
      const records = await Promise.all(ids.map(find));
      const found: T[] = [];
      const stale: string[] = [];
      ids.forEach((id, i) => {
        const record = records[i];
        if (record !== undefined && spec.groupOf(record) === group) found.push(record);
        else stale.push(id);
      });
      if (stale.length > 0) await command(['SREM', spec.setKey(group), ...stale]);
      return found;
    },
  };
}
