import { describe, expect, inject, it } from 'vitest';
import { createRedisRevocationStore } from '../../src/redis/index.js';
import { eventually } from '../helpers/eventually.js';
import { CLIENT_KINDS, connect, uniquePrefix, withRedis } from './clients.js';

describe.each(CLIENT_KINDS)('createRedisRevocationStore over %s', (kind) => {
  const port = inject('redisPort');

  it('stores a revocation until 300 s past the key\'s exp, for good without exp', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const store = createRedisRevocationStore(redis.client, { prefix });
      expect(await store.isRevoked('jti-1')).toBe(false);
      const exp = Math.floor(Date.now() / 1000) + 3600;
      await store.revoke('jti-1', exp);
      await store.revoke('jti-2');
      expect(await store.isRevoked('jti-1')).toBe(true);
      expect(await store.isRevoked('jti-2')).toBe(true);
      const ttl1 = Number(await redis.raw('PTTL', `${prefix}revoked:jti-1`));
      expect(ttl1).toBeGreaterThan(3890_000);
      expect(ttl1).toBeLessThanOrEqual(3900_000);
      expect(Number(await redis.raw('PTTL', `${prefix}revoked:jti-2`))).toBe(-1);

      // A later revocation without exp keeps it for good; an earlier exp never shortens it.
      await store.revoke('jti-1');
      expect(Number(await redis.raw('PTTL', `${prefix}revoked:jti-1`))).toBe(-1);
      await store.revoke('jti-2', exp);
      expect(Number(await redis.raw('PTTL', `${prefix}revoked:jti-2`))).toBe(-1);
      await store.revoke('jti-3', exp + 60);
      await store.revoke('jti-3', exp);
      expect(Number(await redis.raw('PTTL', `${prefix}revoked:jti-3`))).toBeGreaterThan(3950_000);
    });
  });

  it('does not store a revocation of a key expired for over 300 s, and the entry goes 300 s past exp', async () => {
    await withRedis(kind, port, async (redis) => {
      const store = createRedisRevocationStore(redis.client, { prefix: uniquePrefix() });
      await store.revoke('old', Math.floor(Date.now() / 1000) - 310);
      expect(await store.isRevoked('old')).toBe(false);
      await store.revoke('soon', Date.now() / 1000 - 300 + 0.2);
      expect(await store.isRevoked('soon')).toBe(true);
      const deadline = Date.now() + 5000;
      while ((await store.isRevoked('soon')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await store.isRevoked('soon')).toBe(false);
    });
  });

  it('publishes revocations to every store listening on the channel', async () => {
    const one = await connect(kind, port);
    const two = await connect(kind, port);
    try {
      const prefix = uniquePrefix();
      const a = createRedisRevocationStore(one.client, { prefix, subscriber: one.subscriber });
      const b = createRedisRevocationStore(two.client, { prefix, subscriber: two.subscriber });
      const other = createRedisRevocationStore(two.client, { prefix: uniquePrefix() });
      await Promise.all([a.ready, b.ready, other.ready]);
      const heardByA: string[] = [];
      const heardByB: string[] = [];
      a.onRevoke((jti) => heardByA.push(jti));
      const stop = b.onRevoke((jti) => heardByB.push(jti));
      b.onRevoke(() => {
        throw new Error('a failing listener changes nothing');
      });

      await a.revoke('k1', Date.now() / 1000 + 60);
      expect(heardByA).toContain('k1'); // local listeners hear at once
      await eventually(() => heardByB.includes('k1'));
      expect(await b.isRevoked('k1')).toBe(true);
      expect(await other.isRevoked('k1')).toBe(false);

      stop();
      await a.revoke('k2');
      await eventually(() => heardByA.filter((j) => j === 'k2').length >= 2); // once locally, once via pub/sub
      expect(heardByB).not.toContain('k2');

      await a.close();
      await b.close();
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('refuses a jti it could not store', async () => {
    await withRedis(kind, port, async (redis) => {
      const store = createRedisRevocationStore(redis.client, { prefix: uniquePrefix() });
      await expect(store.revoke('')).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
      await expect(store.revoke('x'.repeat(2000))).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
      expect(await store.isRevoked('')).toBe(false);
    });
  });
});
