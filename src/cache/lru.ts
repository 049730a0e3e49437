import { KeygateError } from '../errors.js';

/** Counters of a cache, for dashboards and tests. */
export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  /** Entries pushed out because the cache was full. */
  readonly evictions: number;
  /** Entries dropped because their time ran out. */
  readonly expirations: number;
  readonly size: number;
  readonly maxEntries: number;
}

export interface LruCacheOptions<V> {
  /** Most entries held; the least recently used one is dropped to make room. */
  readonly maxEntries: number;
  /** Milliseconds an entry lives (default: until evicted). */
  readonly ttlMs?: number | undefined;
  /** Clock in milliseconds (default `Date.now`). */
  readonly now?: (() => number) | undefined;
  /** Secondary index: entries can be dropped by this tag (for example a key's `jti`). */
  readonly tagOf?: (value: V) => string | undefined;
}

export interface LruCache<K extends string | number, V> {
  /** The value, counted as a hit and made most recent; `accept` may refuse it (counted as a miss). */
  get(key: K, accept?: (value: V) => boolean): V | undefined;
  /** Adds or replaces; `ttlMs` shortens (never lengthens) the cache's own TTL for this entry. */
  set(key: K, value: V, ttlMs?: number): void;
  delete(key: K): boolean;
  /** Drops every entry whose tag is `tag`; returns how many. O(entries with that tag). */
  deleteTag(tag: string): number;
  /** Drops every entry the predicate selects; O(size), for rare bulk invalidation. */
  deleteWhere(predicate: (value: V, key: K) => boolean): number;
  clear(): void;
  readonly size: number;
  stats(): CacheStats;
}

interface Entry<V> {
  readonly value: V;
  /** Epoch milliseconds, or Infinity. */
  readonly expiresAt: number;
  /** When the entry was last (re)inserted, in insertions since the cache was made. */
  seq: number;
}

/** Checks a positive size or duration option; `integer` for counts. */
export function positiveOption(value: unknown, field: string, integer: boolean): number {
  const ok = typeof value === 'number' && value > 0 && (integer ? Number.isSafeInteger(value) : !Number.isNaN(value));
  if (!ok) throw new KeygateError('ERR_INVALID_OPTION', `${field} must be a positive ${integer ? 'integer' : 'number'}`);
  return value;
}

/**
 * A bounded LRU map. A JS `Map` keeps insertion order, so "most recent" is "last inserted":
 * a hit re-inserts its entry and eviction takes the first key. Every operation is O(1).
 * In caches of 64 entries or more, a hit on an entry among the newest quarter of insertions stays
 * where it is (it is far from eviction already): hot entries then cost one Map lookup instead of
 * a delete and an insert.
 */
export function createLruCache<K extends string | number, V>(options: LruCacheOptions<V>): LruCache<K, V> {
  const maxEntries = positiveOption(options.maxEntries, 'maxEntries', true);
  const ttlMs = options.ttlMs === undefined ? Infinity : positiveOption(options.ttlMs, 'ttlMs', false);
  const now = options.now ?? Date.now;
  const tagOf = options.tagOf;
  const map = new Map<K, Entry<V>>();
  // tag -> key, or keys when several entries share a tag (a key sent padded and unpadded).
  const byTag = new Map<string, K | K[]>();
  let hits = 0;
  let misses = 0;
  let evictions = 0;
  let expirations = 0;
  let clock = 0;
  // Small caches stay exact (there the move is cheap and the order matters more).
  const recent = maxEntries >= 64 ? maxEntries >> 2 : 0;

  const index = (key: K, value: V): void => {
    const tag = tagOf?.(value);
    if (tag === undefined) return;
    const held = byTag.get(tag);
    if (held === undefined) byTag.set(tag, key);
    else if (Array.isArray(held)) held.push(key);
    else if (held !== key) byTag.set(tag, [held, key]);
  };
  const unindex = (key: K, value: V): void => {
    const tag = tagOf?.(value);
    if (tag === undefined) return;
    const held = byTag.get(tag);
    if (held === key) byTag.delete(tag);
    else if (Array.isArray(held)) {
      const rest = held.filter((k) => k !== key);
      if (rest.length === 0) byTag.delete(tag);
      else byTag.set(tag, rest.length === 1 ? rest[0]! : rest);
    }
  };
  const remove = (key: K, entry: Entry<V>): void => {
    map.delete(key);
    unindex(key, entry.value);
  };
  const removeKey = (key: K): boolean => {
    const entry = map.get(key);
    if (entry === undefined) return false;
    remove(key, entry);
    return true;
  };

  return {
    get(key, accept) {
      const entry = map.get(key);
      if (entry === undefined) {
        misses++;
        return undefined;
      }
      if (entry.expiresAt !== Infinity && entry.expiresAt <= now()) {
        remove(key, entry);
        expirations++;
        misses++;
        return undefined;
      }
      if (accept !== undefined && !accept(entry.value)) {
        misses++;
        return undefined;
      }
      if (clock - entry.seq > recent) {
        map.delete(key);
        map.set(key, entry);
        entry.seq = ++clock;
      }
      hits++;
      return entry.value;
    },
    set(key, value, entryTtlMs) {
      const ttl = entryTtlMs === undefined ? ttlMs : Math.min(ttlMs, entryTtlMs);
      if (!(ttl > 0)) return;
      const old = map.get(key);
      if (old !== undefined) remove(key, old);
      map.set(key, { value, expiresAt: ttl === Infinity ? Infinity : now() + ttl, seq: ++clock });
      index(key, value);
      while (map.size > maxEntries) {
        const oldest = map.keys().next().value as K;
        remove(oldest, map.get(oldest)!);
        evictions++;
      }
    },
    delete: removeKey,
    deleteTag(tag) {
      const held = byTag.get(tag);
      if (held === undefined) return 0;
      const keys = Array.isArray(held) ? [...held] : [held];
      let n = 0;
      for (const key of keys) if (removeKey(key)) n++;
      return n;
    },
    deleteWhere(predicate) {
      let n = 0;
      for (const [key, entry] of [...map]) {
        if (predicate(entry.value, key)) {
          remove(key, entry);
          n++;
        }
      }
      return n;
    },
    clear() {
      map.clear();
      byTag.clear();
    },
    get size() {
      return map.size;
    },
    stats() {
      return { hits, misses, evictions, expirations, size: map.size, maxEntries };
    },
  };
}
