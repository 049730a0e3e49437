import { describe, expect, it } from 'vitest';
import { createMemoryRevocationStore } from '../../src/index.js';

describe('createMemoryRevocationStore', () => {
  it('remembers a revoked jti until 300 s past the key\'s exp, when validators refuse it as expired', () => {
    let now = 1_000_000;
    const store = createMemoryRevocationStore({ now: () => now });
    store.revoke('j1', now / 1000 + 60);
    expect(store.isRevoked('j1')).toBe(true);
    expect(store.isRevoked('j2')).toBe(false);
    now += 359_000;
    expect(store.isRevoked('j1')).toBe(true);
    now += 2_000;
    expect(store.isRevoked('j1')).toBe(false);
    expect(store.size).toBe(0);
  });

  it('keeps keys without exp revoked for good', () => {
    let now = 0;
    const store = createMemoryRevocationStore({ now: () => now });
    store.revoke('forever');
    now = 1e15;
    expect(store.isRevoked('forever')).toBe(true);
  });

  it('tells listeners, survives a throwing one, and lets them unsubscribe', () => {
    const store = createMemoryRevocationStore();
    const seen: string[] = [];
    store.onRevoke(() => {
      throw new Error('boom');
    });
    const off = store.onRevoke((jti) => seen.push(jti));
    store.revoke('a');
    off();
    store.revoke('b');
    expect(seen).toEqual(['a']);
    expect(store.isRevoked('b')).toBe(true);
  });

  it('sweeps expired entries so memory stays bounded', () => {
    let now = 0;
    const store = createMemoryRevocationStore({ now: () => now });
    for (let i = 0; i < 1000; i++) store.revoke(`j${i}`, 10);
    now = 400_000;
    store.revoke('last', 1000);
    expect(store.size).toBe(1);
  });
});
