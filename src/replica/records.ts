import type { KeygateError } from '../errors.js';
import type { TableSlot } from './follower.js';
import type { Freshness } from './freshness.js';
import { mapTable, type MapStorage } from './map-table.js';
import type { ReplicatedTable } from './types.js';

/**
 * How one kind of record is written to a replicated table (the admin side): its table, its id,
 * the check and encoding of what is written, and the refusals of `add` and `update`.
 */
export interface RecordWriteSpec<V, In = V> {
  /** The table's name in the change log. */
  readonly table: string;
  idOf(record: V): string;
  /** Checks a record handed to `add`/`update` (throws ERR_INVALID_OPTION) and returns the copy to store. */
  check(record: In): V;
  encode(record: V): string;
  /** The error of `add` when the id exists. */
  exists(record: V): KeygateError;
  /** The error of `update` when the id does not exist. */
  missing(record: V): KeygateError;
}

/**
 * A kind of record kept in a replicated table by id, read back from memory: applications (and
 * policies, the same way). Adding one to a replica is a spec, a `recordTable` among the follower's
 * tables, a `recordFinder` for its store, and `tableWrites` for its writes.
 */
export interface RecordSpec<V, In = V> extends RecordWriteSpec<V, In> {
  /** The stored text as a record; `undefined` when it is not one (kept: its look-ups fail closed). */
  decode(id: string, text: string): V | undefined;
  /** The error of a look-up that finds an unreadable entry (ERR_STORE_UNAVAILABLE: 503, never a pass). */
  corrupt(): KeygateError;
}

/** What a record table holds for an entry whose stored text was not a record. */
export const UNREADABLE: unique symbol = Symbol('unreadable');
export type Held<V> = V | typeof UNREADABLE;

/** The spec's decoding as a table's: an entry that is not a record is held as `UNREADABLE`. */
export const heldDecode =
  <V>(spec: RecordSpec<V, never>) =>
  (id: string, text: string): Held<V> =>
    spec.decode(id, text) ?? UNREADABLE;

/** The table of a record spec: a `Map` by id; unreadable entries are held as `UNREADABLE`. */
export function recordTable<V>(spec: RecordSpec<V, never>): ReplicatedTable<Held<V>, MapStorage<Held<V>>> {
  return mapTable<Held<V>>({ name: spec.table, decode: heldDecode(spec) });
}

/** `find(id)` from memory, synchronously; throws ERR_STORE_UNAVAILABLE while stale or for an unreadable entry. */
export function recordFinder<V>(slot: TableSlot<Held<V>, MapStorage<Held<V>>>, freshness: Freshness, spec: RecordSpec<V, never>) {
  return (id: string): V | undefined => {
    freshness.check();
    const held = slot.storage.get(id);
    if (held === UNREADABLE) throw spec.corrupt();
    return held;
  };
}

/** The stored text of a record (an admin's read, not a replica's), or ERR_STORE_UNAVAILABLE when unreadable. */
export function decodeRecord<V>(spec: RecordSpec<V, never>, id: string, text: string): V {
  const record = spec.decode(id, text);
  if (record === undefined) throw spec.corrupt();
  return record;
}
