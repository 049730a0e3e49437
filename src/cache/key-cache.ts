import { createKeyDigester } from './key-digest.js';
import { createLruCache, type CacheStats } from './lru.js';

export interface KeyCacheOptions<V> {
  readonly maxEntries: number;
  /** Milliseconds an entry lives. */
  readonly ttlMs?: number;
  readonly now?: () => number;
  /** Lets entries be dropped by tag (the key's `jti`), see `deleteTag`. */
  readonly tagOf?: (value: V) => string | undefined;
  /** Longest key string cached (longer ones are never cached). */
  readonly maxKeyLength?: number;
}

/** A bounded LRU whose keys are API-key strings, matched exactly (see createKeyDigester). */
export interface KeyCache<V> {
  get(apiKey: string): V | undefined;
  set(apiKey: string, value: V, ttlMs?: number): void;
  deleteTag(tag: string): number;
  clear(): void;
  readonly size: number;
  stats(): CacheStats;
}

interface Slot<V> {
  readonly c1: number;
  readonly c2: number;
  readonly c3: number;
  readonly value: V;
}

/**
 * Stores values under a 128-bit keyed digest of the key string instead of the string (16 bytes
 * instead of ~1 KB): the Map is indexed by 53 bits and the other 75 are compared on every hit,
 * so a different string never gets another string's entry.
 */
export function createKeyCache<V>(options: KeyCacheOptions<V>): KeyCache<V> {
  const digest = createKeyDigester(options.maxKeyLength);
  const tagOf = options.tagOf;
  const lru = createLruCache<number, Slot<V>>({
    maxEntries: options.maxEntries,
    ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(tagOf === undefined ? {} : { tagOf: (slot: Slot<V>) => tagOf(slot.value) }),
  });
  let uncacheable = 0;
  return {
    get(apiKey) {
      const d = digest(apiKey);
      if (d === undefined) {
        uncacheable++;
        return undefined;
      }
      return lru.get(d.id, (slot) => slot.c1 === d.c1 && slot.c2 === d.c2 && slot.c3 === d.c3)?.value;
    },
    set(apiKey, value, ttlMs) {
      const d = digest(apiKey);
      if (d !== undefined) lru.set(d.id, { c1: d.c1, c2: d.c2, c3: d.c3, value }, ttlMs);
    },
    deleteTag: (tag) => lru.deleteTag(tag),
    clear: () => lru.clear(),
    get size() {
      return lru.size;
    },
    stats() {
      const s = lru.stats();
      return { ...s, misses: s.misses + uncacheable };
    },
  };
}
