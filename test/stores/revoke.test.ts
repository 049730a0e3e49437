import { describe, expect, it } from 'vitest';
import { createMemoryRevocationStore, KeygateError, type RevocationStore } from '../../src/index.js';
import { revokeKey } from '../../src/stores/revoke.js';
import { pizzaGateway } from '../helpers/fixtures.js';

describe('revokeKey', () => {
  it('revokes by key, reading jti and exp; the store keeps it 300 s past exp', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue({ validityPeriod: 3600, now: () => 1_000_000_000_000 });
    let now = 1_000_000_000_000;
    const store = createMemoryRevocationStore({ now: () => now });
    const revoked = await revokeKey(store, key);
    expect(revoked.expiresAt).toBe(1_000_000_000 + 3600 + 300);
    now += 3899_000;
    expect(store.isRevoked(revoked.jti)).toBe(true);
    now += 1000;
    expect(store.isRevoked(revoked.jti)).toBe(false);
    const calls: [string, number | undefined][] = [];
    const spy: RevocationStore = { isRevoked: () => false, revoke: (j, e) => void calls.push([j, e]) };
    await revokeKey(spy, key);
    // Stores get the key's exp and add MAX_CLOCK_TOLERANCE themselves.
    expect(calls).toEqual([[revoked.jti, 1_000_003_600]]);
  });

  it('keeps a key without exp revoked for good', async () => {
    let now = 0;
    const store = createMemoryRevocationStore({ now: () => now });
    const gw = await pizzaGateway();
    const key = await gw.issue();
    const { jti, expiresAt } = await revokeKey(store, key);
    expect(expiresAt).toBeUndefined();
    now = 1e15;
    expect(store.isRevoked(jti)).toBe(true);
  });

  it('revokes by jti, with an optional expiry', async () => {
    const calls: [string, number | undefined][] = [];
    const spy: RevocationStore = { isRevoked: () => false, revoke: async (j, e) => void calls.push([j, e]) };
    await revokeKey(spy, ' 6f1c-jti ');
    expect(await revokeKey(spy, 'other', { expiresAt: 100 })).toEqual({ jti: 'other', expiresAt: 400 });
    expect(calls).toEqual([['6f1c-jti', undefined], ['other', 100]]);
  });

  it('revokes { jti } exactly as the key carries it: not trimmed, never read as a key', async () => {
    const calls: string[] = [];
    const spy: RevocationStore = { isRevoked: () => false, revoke: async (j) => void calls.push(j) };
    expect(await revokeKey(spy, { jti: ' padded ' })).toEqual({ jti: ' padded ' });
    expect(await revokeKey(spy, { jti: 'a.b.c' }, { expiresAt: 100 })).toEqual({ jti: 'a.b.c', expiresAt: 400 });
    expect(calls).toEqual([' padded ', 'a.b.c']);
    await expect(revokeKey(spy, { jti: '' })).rejects.toThrow(/jti/);
    await expect(revokeKey(spy, 42 as never)).rejects.toThrow(/an API key, a jti or \{ jti \}/);
  });

  it('refuses what it cannot revoke, and passes store errors on', async () => {
    const store = createMemoryRevocationStore();
    await expect(revokeKey(store, 'a.b.c')).rejects.toMatchObject({ code: 'ERR_MALFORMED_KEY' });
    await expect(revokeKey(store, '')).rejects.toThrow(KeygateError);
    await expect(revokeKey(store, 'x'.repeat(300))).rejects.toThrow(/jti/);
    await expect(revokeKey(store, 'j', { clockTolerance: 900 } as never)).rejects.toThrow(/no longer takes clockTolerance/);
    await expect(revokeKey({} as RevocationStore, 'j')).rejects.toThrow(/RevocationStore/);
    const down: RevocationStore = { isRevoked: () => false, revoke: () => Promise.reject(new KeygateError('ERR_STORE_UNAVAILABLE', 'down')) };
    await expect(revokeKey(down, 'j')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
  });
});
