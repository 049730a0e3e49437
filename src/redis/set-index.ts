import type { RedisCommand } from './client.js';
import { replyArray, replyString } from './reply.js';

/**
 * Records listed by a Redis set of their ids (an owner's applications, an application's keys):
 * one string per record, found by its own key, and one set per group naming the records in it.
 * The two live in different hash slots (a record is found by its id alone), so they are written
 * by two commands, the record first: the set may name a record that is gone (removed, expired)
 * but never misses one that was written whole. Listing drops what the set names and no record
 * backs, or what `belongs` says is no longer in the group.
 */
export interface RedisSetIndex<T> {
  /** Names `id` in `group` (SADD), after its record is written. */
  add(group: string, id: string): Promise<void>;
  /** Stops naming `id` in `group` (SREM). */
  remove(group: string, id: string): Promise<void>;
  /** The records the group's set names (SMEMBERS, then one GET each, in parallel), in id order. */
  list(group: string): Promise<T[]>;
}

export interface SetIndexSpec<T> {
  /** The set's key for a group. */
  setKey(group: string): string;
  /** A record's key. */
  recordKey(id: string): string;
  /** Reads a stored record (throwing, to fail closed, when it is not keygate's). */
  decode(id: string, value: string): T;
  /** Whether a record still belongs to the group (an application whose owner changed does not). */
  belongs(record: T, group: string): boolean;
}

export function redisSetIndex<T>(command: RedisCommand, spec: SetIndexSpec<T>): RedisSetIndex<T> {
  const remove = async (group: string, id: string): Promise<void> => {
    await command(['SREM', spec.setKey(group), id]);
  };
  return {
    async add(group, id) {
      await command(['SADD', spec.setKey(group), id]);
    },
    remove,
    async list(group) {
      const ids = replyArray(await command(['SMEMBERS', spec.setKey(group)]), 'SMEMBERS')
        .map((id) => replyString(id, 'SMEMBERS') ?? '')
        .sort();
      const values = await Promise.all(ids.map(async (id) => replyString(await command(['GET', spec.recordKey(id)]), 'GET')));
      const found: T[] = [];
      const stale: string[] = [];
      ids.forEach((id, i) => {
        const value = values[i];
        const record = value === undefined ? undefined : spec.decode(id, value);
        if (record !== undefined && spec.belongs(record, group)) found.push(record);
        else stale.push(id);
      });
      if (stale.length > 0) await command(['SREM', spec.setKey(group), ...stale]);
      return found;
    },
  };
}
