import { KeygateError } from '../errors.js';

/** Compiled restrictions are cached per list or claim value; the bound keeps memory flat. */
const MAX_CACHED = 1000;

export interface CompileCache<V> {
  get(key: string): V | Error | undefined;
  set(key: string, value: V | Error): void;
}

/**
 * A small bounded cache, first in first out (the validation core does without src/cache's LRU): a
 * hit is one Map lookup on every call, and a hot value pushed out is compiled again, in microseconds.
 */
export function createCompileCache<V>(): CompileCache<V> {
  const map = new Map<string, V | Error>();
  return {
    get: (key) => map.get(key),
    set(key, value) {
      map.set(key, value);
      if (map.size > MAX_CACHED) map.delete(map.keys().next().value as string);
    },
  };
}

/**
 * `compile(input)` through the cache. A failure is cached too (as the error), so a bad value is
 * reported the same way every time without being parsed again. The input is passed rather than
 * closed over, so a hit allocates nothing.
 */
export function cachedCompile<V extends object, I>(cache: CompileCache<V>, key: string, compile: (input: I) => V, input: I): V {
  let hit = cache.get(key);
  if (hit === undefined) {
    try {
      hit = compile(input);
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
  if (typeof value !== 'string') throw new KeygateError('ERR_INVALID_OPTION', 'a restriction claim must be a string');
  return value.split(',').map((entry) => entry.trim());
}
