import { createKeyDigester } from './key-digest.js';
import { createLruCache, type CacheStats } from './lru.js';

export interface KeyCacheOptions<V extends DigestChecked> {
  readonly maxEntries: number;
  /** Milliseconds an entry lives. */
  readonly ttlMs?: number | undefined;
  readonly now?: (() => number) | undefined;
  /** Lets entries be dropped by tag (the key's `jti`), see `deleteTag`. */
  readonly tagOf?: (value: V) => string | undefined;
  /** Longest key string cached (longer ones are never cached). */
  readonly maxKeyLength?: number | undefined;
}

/**
 * What a cached value carries so the cache can tell its key string from any other: the digest
 * bits not used as the Map index, written by `set`. (Kept on the value itself rather than in a
 * wrapper object: at 100,000 entries every object per entry costs megabytes.)
 */
export interface DigestChecked {
  c1: number;
  c2: number;
  c3: number;
}

/** A bounded LRU whose keys are API-key strings, matched exactly (see createKeyDigester). */
export interface KeyCache<V extends DigestChecked> {
  get(apiKey: string): V | undefined;
  set(apiKey: string, value: V, ttlMs?: number): void;
  deleteTag(tag: string): number;
  clear(): void;
  readonly size: number;
  stats(): CacheStats;
}

/**
 * Stores values under a 126-bit keyed digest of the key string instead of the string (16 bytes
 * instead of ~1 KB): the Map is indexed by 30 bits and the other 96 are compared on every hit,
 * so a different string never gets another string's entry. (Two keys sharing the 30-bit index
 * just take turns in one slot: a miss, never a wrong hit.) Keys used lately are also held as
 * strings in a small table, so a hot key is found by comparing strings, without the digest.
 */
export function createKeyCache<V extends DigestChecked>(options: KeyCacheOptions<V>): KeyCache<V> {
  const digest = createKeyDigester(options.maxKeyLength);
  const { check } = digest;
  // Compares against the digest just computed (made once: no closure per lookup).
  const matchesLast = (v: V): boolean => v.c1 === check[0] && v.c2 === check[1] && v.c3 === check[2];
  const recent = createRecentKeys<V>(options.maxEntries);
  let wanted: V | undefined;
  const isWanted = (v: V): boolean => v === wanted;
  const lru = createLruCache<number, V>({
    maxEntries: options.maxEntries,
    ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.tagOf === undefined ? {} : { tagOf: options.tagOf }),
  });
  let uncacheable = 0;
  return {
    get(apiKey) {
      const slot = recent.slotOf(apiKey);
      const seen = recent.slots[slot];
      if (seen !== undefined && seen.apiKey === apiKey) {
        // Still the entry the LRU holds under that digest? Expiry, eviction and deleteTag apply as ever.
        wanted = seen.value;
        const value = lru.get(seen.id, isWanted);
        wanted = undefined;
        if (value === undefined) recent.slots[slot] = undefined;
        return value;
      }
      const id = digest(apiKey);
      if (id < 0) {
        uncacheable++;
        return undefined;
      }
      const value = lru.get(id, matchesLast);
      if (value !== undefined && apiKey.length <= RECENT_MAX_LENGTH) recent.slots[slot] = { apiKey, id, value };
      return value;
    },
    set(apiKey, value, ttlMs) {
      const id = digest(apiKey);
      if (id < 0) return;
      value.c1 = check[0]!;
      value.c2 = check[1]!;
      value.c3 = check[2]!;
      lru.set(id, value, ttlMs);
      if (apiKey.length <= RECENT_MAX_LENGTH) recent.slots[recent.slotOf(apiKey)] = { apiKey, id, value };
    },
    deleteTag: (tag) => lru.deleteTag(tag),
    clear: () => {
      lru.clear();
      recent.slots.fill(undefined);
    },
    get size() {
      return lru.size;
    },
    stats() {
      const s = lru.stats();
      return { ...s, misses: s.misses + uncacheable };
    },
  };
}

/** A key string seen lately, with where its entry lives in the LRU. */
interface RecentKey<V> {
  readonly apiKey: string;
  readonly id: number;
  readonly value: V;
}

/** Longer keys (full keys listing many APIs) always take the digest path: the table stays small. */
const RECENT_MAX_LENGTH = 2048;

/**
 * The keys used lately, held as strings in a small direct-mapped table (at most 1,024 slots of
 * keys up to 2,048 characters: 2 MB at worst, about 1 MB with typical keys): a hit there is one native string comparison instead of digesting the whole key in
 * JavaScript. Slots are picked by the last characters, which are signature bytes (unpredictable,
 * evenly spread); keys that pick the same slot take turns, costing a digest, never a wrong answer.
 */
function createRecentKeys<V>(maxEntries: number) {
  const bits = Math.min(10, Math.max(4, Math.ceil(Math.log2(maxEntries))));
  const slots: (RecentKey<V> | undefined)[] = new Array<RecentKey<V> | undefined>(1 << bits).fill(undefined);
  const slotOf = (apiKey: string): number => {
    const n = apiKey.length;
    const tail = apiKey.charCodeAt(n - 1) | (apiKey.charCodeAt(n - 2) << 8) | (apiKey.charCodeAt(n - 3) << 16) | (apiKey.charCodeAt(n - 4) << 24);
    return Math.imul(tail ^ n, 0x9e3779b1) >>> (32 - bits);
  };
  return { slots, slotOf };
}
