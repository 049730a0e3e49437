import { KeygateError } from '../errors.js';
import { decodeConditionAt, encodeCondition } from '../throttle/blocking-codec.js';
import { blockingIndex, checkCondition, conditionId } from '../throttle/blocking-index.js';
import type { BlockingCondition, BlockingSubject } from '../throttle/blocking-types.js';
import type { TableSlot } from './follower.js';
import type { Freshness } from './freshness.js';
import { heldDecode, UNREADABLE, type Held, type RecordSpec } from './records.js';
import type { ReplicatedTable, TableStorage } from './types.js';

const describe = (c: Pick<BlockingCondition, 'type' | 'value'>): string => JSON.stringify(conditionId(c));

/**
 * WSO2's blocking conditions in a replica: by `TYPE value` in the table `blocking`, each stored as
 * JSON (as `createRedisBlockingConditions` stores them).
 */
export const BLOCKING: RecordSpec<BlockingCondition> = {
  table: 'blocking',
  idOf: conditionId,
  check: checkCondition,
  encode: encodeCondition,
  exists: (c) => new KeygateError('ERR_INVALID_OPTION', `blocking condition ${describe(c)} already exists`),
  missing: (c) => new KeygateError('ERR_INVALID_OPTION', `there is no blocking condition ${describe(c)}`),
  decode: decodeConditionAt,
  corrupt: () => new KeygateError('ERR_STORE_UNAVAILABLE', "a blocking condition in Redis is not in keygate's format"),
};

/** The conditions indexed for matching (a map look-up per kind, one search for the addresses), and the ids of unreadable entries. */
export interface BlockingStorage extends TableStorage<Held<BlockingCondition>> {
  /** The first condition that blocks `subject`; throws while any entry is unreadable (it could be the one that blocks). */
  match(subject: BlockingSubject): BlockingCondition | undefined;
  values(): IterableIterator<BlockingCondition>;
}

function blockingStorage(): BlockingStorage {
  const index = blockingIndex();
  const unreadable = new Set<string>();
  return {
    set(id, held) {
      if (held === UNREADABLE) {
        index.delete(id);
        unreadable.add(id);
      } else {
        unreadable.delete(id);
        index.set(id, held);
      }
    },
    delete(id) {
      index.delete(id);
      unreadable.delete(id);
    },
    match(subject) {
      if (unreadable.size > 0) throw BLOCKING.corrupt();
      return index.match(subject);
    },
    values: () => index.values(),
    get size() {
      return index.size + unreadable.size;
    },
  };
}

/** The replicated table of blocking conditions, kept indexed for matching as each change is applied. */
export function blockingTable(): ReplicatedTable<Held<BlockingCondition>, BlockingStorage> {
  return { name: BLOCKING.table, decode: heldDecode(BLOCKING), createStorage: blockingStorage };
}

/** `match(subject)` from memory, synchronously; throws ERR_STORE_UNAVAILABLE while stale or while an entry is unreadable. */
export function blockingMatcher(slot: TableSlot<Held<BlockingCondition>, BlockingStorage>, freshness: Freshness) {
  return (subject: BlockingSubject): BlockingCondition | undefined => {
    freshness.check();
    return slot.storage.match(subject);
  };
}
