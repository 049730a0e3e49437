import { KeygateError } from '../errors.js';
import { durationMs } from '../options/durations.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import type { LastUsed } from '../validate/plugins.js';
import type { KeyUse, LastUsedStore } from './types.js';

/** Options of `createLastUsedTracker`. */
export interface LastUsedTrackerOptions {
  /** Where the times go: `createMemoryKeyInventory()`, `createRedisKeyInventory(client)`, or any LastUsedStore. */
  readonly store: LastUsedStore;
  /** Milliseconds a use waits before it is written with the others (default 60000, at most 2147483647). */
  readonly flushInterval?: number | undefined;
  /**
   * Most keys held between writes (default 10000). Reaching it starts a write at once; while that
   * write is under way, keys not held yet are skipped (`stats().skipped`) until their next use.
   */
  readonly maxPending?: number | undefined;
  /** Told of a write that failed (the times it held are lost: the keys' next uses write them again). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** What a tracker has done since it was made. */
export interface LastUsedStats {
  /** Keys whose use waits to be written. */
  readonly pending: number;
  /** Uses written. */
  readonly written: number;
  /** Uses in writes that failed. */
  readonly failed: number;
  /** Uses not held because `maxPending` keys already were. */
  readonly skipped: number;
}

/** Validator option `lastUsed`, with what the process that owns it needs at shutdown. */
export interface LastUsedTracker extends LastUsed {
  /** Writes what is held now (after a write under way); never rejects (failures go to `onError`). */
  flush(): Promise<void>;
  /** Stops the timer and writes what is held; uses noted later are written by `flush()` only. */
  close(): Promise<void>;
  stats(): LastUsedStats;
}

const DEFAULT_INTERVAL_MS = 60_000;
const DEFAULT_MAX_PENDING = 10_000;
const OPTIONS = { store: true, flushInterval: true, maxPending: true, onError: true } as const satisfies OptionNames<LastUsedTrackerOptions>;

function positiveInteger(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (Number.isSafeInteger(value) && value > 0) return value;
  throw new KeygateError('ERR_INVALID_OPTION', `createLastUsedTracker: ${name} must be a positive whole number`);
}

/**
 * Records when each key was last used, for validator option `lastUsed`: an accepted call notes its
 * key's `jti` and the time (the validator's clock) in memory (one map entry per key, updated at most once a second) and
 * returns; every `flushInterval` the keys noted are written to `store` in one batch, latest time
 * per key. Nothing waits on the store, and a failed write never changes a result. A timer runs
 * only while uses wait to be written (and does not keep Node alive). Throws KeygateError
 * `ERR_INVALID_OPTION` for a bad option. Several validators may share one tracker.
 */
export function createLastUsedTracker(options: LastUsedTrackerOptions): LastUsedTracker {
  checkOptionNames(options, OPTIONS, 'createLastUsedTracker');
  const { store, onError } = options;
  if (typeof store?.recordUses !== 'function') {
    throw new KeygateError('ERR_INVALID_OPTION', 'createLastUsedTracker: store must have recordUses (createMemoryKeyInventory, createRedisKeyInventory)');
  }
  if (onError !== undefined && typeof onError !== 'function') throw new KeygateError('ERR_INVALID_OPTION', 'createLastUsedTracker: onError must be a function');
  const interval = durationMs(options.flushInterval, 'createLastUsedTracker: flushInterval', DEFAULT_INTERVAL_MS);
  const maxPending = positiveInteger(options.maxPending, 'maxPending', DEFAULT_MAX_PENDING);
  let pending = new Map<string, KeyUse>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> | undefined;
  let closed = false;
  let written = 0;
  let failed = 0;
  let skipped = 0;

  const schedule = (): void => {
    if (timer !== undefined || closed) return;
    timer = setTimeout(() => void flush(), interval);
    (timer as { unref?: () => void }).unref?.();
  };

  async function write(batch: KeyUse[]): Promise<void> {
    try {
      await store.recordUses(batch);
      written += batch.length;
    } catch (error) {
      failed += batch.length;
      try {
        onError?.(error);
      } catch {
        // A failing report must not become an unhandled rejection.
      }
    }
  }

  /** One write at a time: a flush asked for during one takes what is held once it is done. */
  function flush(): Promise<void> {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (writing !== undefined) return writing.then(flush);
    if (pending.size === 0) return Promise.resolve();
    const batch = [...pending.values()];
    pending = new Map();
    writing = write(batch).finally(() => {
      writing = undefined;
      if (pending.size > 0) schedule();
    });
    return writing;
  }

  return {
    createUsageRecorder: () => (jti, expiresAt, nowSeconds) => {
      const usedAt = Math.floor(nowSeconds);
      const held = pending.get(jti);
      if (held !== undefined) {
        if (held.usedAt < usedAt) pending.set(jti, { ...held, usedAt });
        return;
      }
      if (pending.size >= maxPending) {
        skipped++;
        return;
      }
      pending.set(jti, expiresAt === undefined ? { jti, usedAt } : { jti, usedAt, expiresAt });
      if (pending.size >= maxPending) void flush();
      else schedule();
    },
    flush,
    close() {
      closed = true;
      return flush();
    },
    stats: () => ({ pending: pending.size, written, failed, skipped }),
  };
}
