/**
 * The store-agnostic half of a replica: tables kept in memory, filled from a change feed (a log
 * of numbered changes with a full load for start-up). `keygate/redis` implements the feed with a
 * Redis Stream; another backend only has to implement `ChangeFeed`.
 */

/** Where a follower stands in the change log: the last change applied, and the feed's own cursor for it. */
export interface FeedPosition {
  /** Number of the last change applied. Changes are numbered 1, 2, 3, … with no gap. */
  readonly seq: number;
  /** The feed's own cursor (a Redis Stream entry id). */
  readonly cursor: string;
}

/** One change of one table: `value` set for `id`, or `id` deleted. */
export interface Change {
  readonly seq: number;
  readonly cursor: string;
  readonly table: string;
  readonly id: string;
  /** The stored text; `undefined` deletes the id. */
  readonly value: string | undefined;
}

/** What a read of the feed returned. */
export interface FeedBatch {
  /** The changes after the position read from, in order. */
  readonly changes: readonly Change[];
  /**
   * When set: the follower held every change the log had at this time (its clock), once the
   * batch is applied. Unset when the batch may have been cut short (more were waiting).
   */
  readonly currentAt: number | undefined;
}

/** A change log with a full load, as a follower needs it. */
export interface ChangeFeed {
  /** The newest position of the log (seq 0 and an initial cursor when it is empty). */
  head(): Promise<FeedPosition>;
  /** Calls `put` with every stored entry of `table` (in any order, possibly twice). */
  scan(table: string, put: (id: string, value: string) => void): Promise<void>;
  /**
   * The changes after `position`. With `wait`, a feed may wait for some up to its heartbeat
   * (a blocking read); without, it answers at once.
   */
  read(position: FeedPosition, wait: boolean): Promise<FeedBatch>;
}

/** Where a table keeps its values. A table may index them its own way (subscriptions do). */
export interface TableStorage<V> {
  set(id: string, value: V): void;
  delete(id: string): void;
  readonly size: number;
}

/**
 * A replicated table: its name in the change log, how stored text becomes a value, and where
 * values are kept. `decode` should not throw: a value it cannot read should decode to something
 * that fails closed (a thrown error stops the follower until a reload reads the table again).
 * `undefined` from `decode` means "nothing to keep" (an expired entry).
 */
export interface ReplicatedTable<V, S extends TableStorage<V> = TableStorage<V>> {
  readonly name: string;
  decode(id: string, value: string): V | undefined;
  createStorage(): S;
  /** Told of each id set by a change as it is applied (not by a full load); e.g. to evict caches. */
  onSet?(id: string, value: V): void;
  /** Called after each read of the feed, e.g. to drop expired entries. */
  tidy?(storage: S): void;
}
