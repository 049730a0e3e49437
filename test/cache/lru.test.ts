import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLruCache } from '../../src/cache/lru.js';
import { KeygateError } from '../../src/errors.js';

describe('createLruCache', () => {
  it('evicts the least recently used entry when full, and counts', () => {
    const lru = createLruCache<string, number>({ maxEntries: 2 });
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.stats()).toEqual({ hits: 3, misses: 1, evictions: 1, expirations: 0, size: 2, maxEntries: 2 });
  });

  it('expires entries after ttlMs, and a per-entry ttl can only shorten it', () => {
    let t = 1000;
    const lru = createLruCache<string, string>({ maxEntries: 10, ttlMs: 100, now: () => t });
    lru.set('long', 'x', 500);
    lru.set('short', 'y', 10);
    t += 10;
    expect(lru.get('short')).toBeUndefined();
    expect(lru.get('long')).toBe('x');
    t += 90;
    expect(lru.get('long')).toBeUndefined();
    expect(lru.stats().expirations).toBe(2);
    expect(lru.size).toBe(0);
    lru.set('dead', 'z', 0);
    expect(lru.size).toBe(0);
  });

  it('drops entries by tag, including several sharing one tag', () => {
    const lru = createLruCache<string, { jti: string }>({ maxEntries: 10, tagOf: (v) => v.jti });
    lru.set('k1', { jti: 'j1' });
    lru.set('k1-padded', { jti: 'j1' });
    lru.set('k2', { jti: 'j2' });
    expect(lru.deleteTag('j1')).toBe(2);
    expect(lru.deleteTag('j1')).toBe(0);
    expect(lru.get('k2')).toEqual({ jti: 'j2' });
    lru.set('k2', { jti: 'j3' }); // re-tagged
    expect(lru.deleteTag('j2')).toBe(0);
    expect(lru.deleteTag('j3')).toBe(1);
  });

  it('lets `accept` refuse an entry (counted as a miss) and deletes by predicate', () => {
    const lru = createLruCache<number, string>({ maxEntries: 10 });
    lru.set(1, 'one');
    lru.set(2, 'two');
    expect(lru.get(1, (v) => v === 'uno')).toBeUndefined();
    expect(lru.stats().misses).toBe(1);
    expect(lru.deleteWhere((v) => v.startsWith('t'))).toBe(1);
    expect(lru.size).toBe(1);
    lru.clear();
    expect(lru.size).toBe(0);
  });

  it('refuses bad sizes', () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN]) {
      expect(() => createLruCache({ maxEntries })).toThrow(KeygateError);
    }
    expect(() => createLruCache({ maxEntries: 1, ttlMs: 0 })).toThrow(/ttlMs/);
  });

  it('never holds more than maxEntries and keeps its tag index in step (model check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(fc.constantFrom('set', 'get', 'del', 'tag'), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 3 }))),
        (max, ops) => {
          const lru = createLruCache<number, number>({ maxEntries: max, tagOf: (v) => String(v) });
          const model = new Map<number, number>(); // insertion order = recency
          for (const [op, key, tag] of ops) {
            if (op === 'set') {
              model.delete(key);
              model.set(key, tag);
              if (model.size > max) model.delete(model.keys().next().value!);
              lru.set(key, tag);
            } else if (op === 'get') {
              const v = model.get(key);
              if (v !== undefined) {
                model.delete(key);
                model.set(key, v);
              }
              expect(lru.get(key)).toBe(v);
            } else if (op === 'del') {
              expect(lru.delete(key)).toBe(model.delete(key));
            } else {
              const keys = [...model].filter(([, v]) => v === tag).map(([k]) => k);
              for (const k of keys) model.delete(k);
              expect(lru.deleteTag(String(tag))).toBe(keys.length);
            }
            expect(lru.size).toBe(model.size);
            expect(lru.size).toBeLessThanOrEqual(max);
          }
        },
      ),
    );
  });
  it('keeps a key in use while a stream of one-off keys flows through a large cache', () => {
    const lru = createLruCache<string, number>({ maxEntries: 100 });
    lru.set('hot', 1);
    for (let i = 0; i < 1000; i++) {
      lru.set(`once-${i}`, i);
      if (i % 20 === 0) expect(lru.get('hot')).toBe(1);
    }
    expect(lru.get('hot')).toBe(1);
    expect(lru.size).toBe(100);
    // Without the hits it goes, oldest first.
    const cold = createLruCache<string, number>({ maxEntries: 100 });
    cold.set('cold', 1);
    for (let i = 0; i < 100; i++) cold.set(`once-${i}`, i);
    expect(cold.get('cold')).toBeUndefined();
  });
});
