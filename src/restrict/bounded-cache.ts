/**
 * A small map that forgets its oldest entry when full. Compiled restrictions are cached per claim
 * value; the bound keeps a stream of distinct keys from growing memory without limit.
 */
export interface BoundedCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
}

export function createBoundedCache<V>(maxEntries: number): BoundedCache<V> {
  const entries = new Map<string, V>();
  return {
    get: (key) => entries.get(key),
    set(key, value) {
      if (entries.size >= maxEntries && !entries.has(key)) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(key, value);
    },
  };
}

/**
 * Compiles through the cache. A failure is cached too (as the error), so a bad value is
 * reported the same way every time without being parsed again.
 */
export function cachedCompile<V>(cache: BoundedCache<V | Error>, key: string, compile: () => V): V {
  let hit = cache.get(key);
  if (hit === undefined) {
    try {
      hit = compile();
    } catch (err) {
      hit = err instanceof Error ? err : new Error(String(err));
    }
    cache.set(key, hit);
  }
  if (hit instanceof Error) throw hit;
  return hit;
}

/** Splits a comma-separated restriction claim (`permittedIP`, `permittedReferer`); spaces around entries are ignored. */
export function splitClaim(value: string): string[] {
  return value.split(',').map((entry) => entry.trim());
}
