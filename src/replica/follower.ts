import type { Freshness } from './freshness.js';
import type { Change, ChangeFeed, FeedBatch, FeedPosition, ReplicatedTable, TableStorage } from './types.js';

/** A table as the follower holds it: `storage` is replaced as a whole by a full reload. */
export interface TableSlot<V, S extends TableStorage<V> = TableStorage<V>> {
  readonly table: ReplicatedTable<V, S>;
  storage: S;
}

export function tableSlot<V, S extends TableStorage<V>>(table: ReplicatedTable<V, S>): TableSlot<V, S> {
  return { table, storage: table.createStorage() };
}

/** What a replica is doing (`replica.status()`), for health checks and logs. */
export interface ReplicaStatus {
  /** `true` once the first full load is done. */
  readonly loaded: boolean;
  /** Number of the last change applied (0 before the first load). */
  readonly seq: number;
  /** Milliseconds since the replica last confirmed it was current (Infinity before the first load). */
  readonly staleness: number;
  /** Full loads so far: 1 at start-up, one more each time the log could not be resumed. */
  readonly loads: number;
  /** The error that keeps it from confirming, if any. */
  readonly lastError: unknown;
}

export interface Follower {
  /** Resolves once the first full load is done (it retries until then). */
  readonly ready: Promise<void>;
  /** Resolves `true` once change `seq` is applied, or `false` after `timeoutMs`. */
  applied(seq: number, timeoutMs: number): Promise<boolean>;
  status(): ReplicaStatus;
  /** Stops following; a read in flight ends by itself. */
  close(): void;
}

export interface FollowerOptions {
  readonly freshness: Freshness;
  readonly now: () => number;
  /**
   * How often (ms) the follower compares its position with the log's head: a log emptied or
   * reset under it shows no gap to reads alone. Also done after every failure.
   */
  readonly auditMs: number;
  /** First and longest pause between attempts after a failure, in ms. */
  readonly retryMs: { readonly min: number; readonly max: number };
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** The log moved on without us (trimmed past our position, or reset): only a full load helps. */
class PositionLost extends Error {}

type AnySlot = TableSlot<unknown>;

/** Applies `batch` after `position` into `storages`; returns the new position. */
function applyBatch(slots: ReadonlyMap<string, AnySlot>, storages: ReadonlyMap<string, TableStorage<unknown>>, position: FeedPosition, batch: FeedBatch, live: boolean): FeedPosition {
  let at = position;
  for (const change of batch.changes) {
    if (change.seq !== at.seq + 1) throw new PositionLost(`change ${String(change.seq)} follows ${String(at.seq)}`);
    const slot = slots.get(change.table);
    const storage = storages.get(change.table);
    if (slot !== undefined && storage !== undefined) applyChange(slot, storage, change, live);
    at = { seq: change.seq, cursor: change.cursor };
  }
  return at;
}

function applyChange(slot: AnySlot, storage: TableStorage<unknown>, change: Change, live: boolean): void {
  const value = change.value === undefined ? undefined : slot.table.decode(change.id, change.value);
  if (value === undefined) {
    storage.delete(change.id);
    return;
  }
  storage.set(change.id, value);
  if (live) slot.table.onSet?.(change.id, value);
}

/**
 * Follows a change feed into in-memory tables: a full load (scan every table at a position,
 * then replay the changes after it until current, then swap the tables in), then reads of the
 * log, applied in order. A gap in the numbering (the log was trimmed past us) or a log that went
 * back (a reset) means a full load again; errors are retried with backoff. Every read that found
 * the follower current confirms its freshness.
 */
export function startFollower(feed: ChangeFeed, slotList: readonly AnySlot[], options: FollowerOptions): Follower {
  const { freshness, retryMs } = options;
  const slots = new Map<string, AnySlot>(slotList.map((slot) => [slot.table.name, slot]));
  let position: FeedPosition | undefined;
  let loads = 0;
  let closed = false;
  let wake: (() => void) | undefined;
  const waiters = new Set<{ seq: number; done(applied: boolean): void }>();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const settleWaiters = (): void => {
    for (const waiter of waiters) if (position !== undefined && position.seq >= waiter.seq) waiter.done(true);
  };
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const tidy = (): void => {
    for (const slot of slots.values()) slot.table.tidy?.(slot.storage);
  };

  const load = async (): Promise<FeedPosition> => {
    let at = await feed.head();
    const staged = new Map<string, TableStorage<unknown>>([...slots].map(([name, slot]) => [name, slot.table.createStorage()]));
    for (const [name, slot] of slots) {
      const storage = staged.get(name)!;
      await feed.scan(name, (id, value) => {
        const decoded = slot.table.decode(id, value);
        if (decoded !== undefined) storage.set(id, decoded);
      });
    }
    // The scan saw the tables at some moment after `head`: replaying every change since makes
    // each entry end as its last change left it (changes carry whole values).
    for (;;) {
      const batch = await feed.read(at, false);
      at = applyBatch(slots, staged, at, batch, false);
      if (batch.currentAt !== undefined) {
        for (const [name, slot] of slots) slot.storage = staged.get(name)!;
        freshness.confirm(batch.currentAt);
        return at;
      }
    }
  };

  // The log's head against our position: behind it with nothing left to read, or ahead of it
  // (a reset), only a full load helps.
  const audit = async (from: FeedPosition): Promise<FeedPosition | undefined> => {
    const head = await feed.head();
    if (head.seq === from.seq) return from;
    if (head.seq < from.seq) return undefined;
    const batch = await feed.read(from, false);
    if (batch.changes.length === 0) return undefined; // the changes up to head.seq existed, and are gone
    const live = new Map<string, TableStorage<unknown>>([...slots].map(([name, slot]) => [name, slot.storage]));
    return applyBatch(slots, live, from, batch, true);
  };

  const follow = async (from: FeedPosition): Promise<FeedPosition> => {
    const batch = await feed.read(from, true);
    const live = new Map<string, TableStorage<unknown>>([...slots].map(([name, slot]) => [name, slot.storage]));
    const at = applyBatch(slots, live, from, batch, true);
    if (batch.currentAt !== undefined) freshness.confirm(batch.currentAt);
    return at;
  };

  const run = async (): Promise<void> => {
    let suspect = false;
    let auditAt = 0;
    let delay = retryMs.min;
    while (!closed) {
      try {
        if (position !== undefined && (suspect || options.now() >= auditAt)) {
          // After a failure, and now and then: a log that went back (Redis restarted empty) or
          // was emptied cannot be resumed.
          position = await audit(position);
          suspect = false;
          auditAt = options.now() + options.auditMs;
        }
        if (position === undefined) {
          position = await load();
          auditAt = options.now() + options.auditMs;
          loads += 1;
          markReady();
        } else {
          position = await follow(position);
        }
        tidy();
        settleWaiters();
        delay = retryMs.min;
      } catch (error) {
        if (closed) break;
        if (error instanceof PositionLost && position !== undefined) {
          position = undefined; // a gap while following: load again at once (a gap while loading waits below)
          continue;
        }
        freshness.fail(error);
        try {
          options.onError?.(error);
        } catch {
          // A failing hook changes nothing.
        }
        suspect = true;
        await pause(delay);
        delay = Math.min(delay * 2, retryMs.max);
      }
    }
  };
  void run();

  return {
    ready,
    applied(seq, timeoutMs) {
      if (position !== undefined && position.seq >= seq) return Promise.resolve(true);
      return new Promise((resolve) => {
        const waiter = {
          seq,
          done(applied: boolean) {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(applied);
          },
        };
        const timer = setTimeout(() => waiter.done(false), timeoutMs);
        waiters.add(waiter);
      });
    },
    status: () => ({
      loaded: loads > 0,
      seq: position?.seq ?? 0,
      staleness: freshness.staleness(),
      loads,
      lastError: freshness.lastError,
    }),
    close() {
      closed = true;
      wake?.();
      for (const waiter of waiters) waiter.done(false);
    },
  };
}
