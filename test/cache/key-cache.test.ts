import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeyCache } from '../../src/cache/key-cache.js';

const box = <T>(v: T) => ({ v, c1: 0, c2: 0, c3: 0 });
type Box<T> = ReturnType<typeof box<T>>;

describe('createKeyCache', () => {
  it('finds a value only under the exact same key string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 64 }), fc.string({ maxLength: 64 }), (a, b) => {
        const cache = createKeyCache<Box<string>>({ maxEntries: 10 });
        cache.set(a, box('A'));
        expect(cache.get(b)?.v).toBe(a === b ? 'A' : undefined);
      }),
    );
  });

  it('keeps padded and unpadded spellings of one key apart', () => {
    const cache = createKeyCache<Box<number>>({ maxEntries: 10, tagOf: () => 'jti-1' });
    cache.set('aGk.eyJ9.c2ln', box(1));
    expect(cache.get('aGk=.eyJ9.c2ln')).toBeUndefined();
    cache.set('aGk=.eyJ9.c2ln', box(2));
    expect(cache.get('aGk.eyJ9.c2ln')?.v).toBe(1);
    expect(cache.deleteTag('jti-1')).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('counts keys it cannot cache as misses and never stores them', () => {
    const cache = createKeyCache<Box<number>>({ maxEntries: 10 });
    cache.set('clé', box(1));
    expect(cache.get('clé')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 1, size: 0 });
  });

  it('honours ttl and maxEntries', () => {
    let t = 0;
    const cache = createKeyCache<Box<number>>({ maxEntries: 2, ttlMs: 50, now: () => t });
    cache.set('a', box(1));
    cache.set('b', box(2));
    cache.set('c', box(3));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')?.v).toBe(2);
    t = 50;
    expect(cache.get('c')).toBeUndefined();
    cache.clear();
    expect(cache.stats()).toMatchObject({ hits: 1, evictions: 1, expirations: 1, size: 0, maxEntries: 2 });
  });
  it('answers hot keys from the recent-keys table exactly as the LRU would (expiry, eviction, tags, clear)', () => {
    // Keys sharing their last characters and length pick the same recent-keys slot.
    const key = fc.constantFrom('aa.b.WXYZ', 'ab.b.WXYZ', 'ba.b.WXYZ', 'x.y.QRST', 'x.y.QRSU', 'longer.key.WXYZ');
    const op = fc.oneof(
      fc.tuple(fc.constant('set' as const), key, fc.integer({ min: 0, max: 5 })),
      fc.tuple(fc.constant('get' as const), key, fc.constant(0)),
      fc.tuple(fc.constant('tag' as const), key, fc.integer({ min: 0, max: 2 })),
      fc.tuple(fc.constant('tick' as const), key, fc.constant(0)),
      fc.tuple(fc.constant('clear' as const), key, fc.constant(0)),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 60 }), (max, ops) => {
        let t = 0;
        const cache = createKeyCache<Box<number>>({ maxEntries: max, ttlMs: 50, now: () => t, tagOf: (b) => String(b.v % 3) });
        const model = new Map<string, { v: number; exp: number }>();
        for (const [kind, k, n] of ops) {
          if (kind === 'set') {
            model.delete(k);
            model.set(k, { v: n, exp: t + 50 });
            while (model.size > max) model.delete(model.keys().next().value!);
            cache.set(k, box(n));
          } else if (kind === 'get') {
            let e = model.get(k);
            if (e !== undefined && e.exp <= t) (model.delete(k), (e = undefined));
            if (e !== undefined) (model.delete(k), model.set(k, e));
            expect(cache.get(k)?.v).toBe(e?.v);
          } else if (kind === 'tag') {
            for (const [mk, e] of [...model]) if (e.v % 3 === n) model.delete(mk);
            cache.deleteTag(String(n));
          } else if (kind === 'tick') t += 30;
          else (model.clear(), cache.clear());
        }
      }),
      { numRuns: 500 },
    );
  });
  it('finds long keys too (they skip the recent-keys table and go by digest)', () => {
    const cache = createKeyCache<Box<number>>({ maxEntries: 10 });
    const long = 'h.'.padEnd(3000, 'p') + '.sig';
    cache.set(long, box(7));
    expect(cache.get(long)?.v).toBe(7);
    expect(cache.get(long)?.v).toBe(7);
    expect(cache.get(long.slice(0, -1) + 'h')).toBeUndefined();
  });
});
