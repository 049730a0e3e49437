/**
 * Redis down or slow: every check fails closed with ERR_STORE_UNAVAILABLE (the validator's 503),
 * the rate limiter follows `failOpen`, nothing crashes, and service resumes once Redis is back.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisRateLimiter, createRedisRevocationStore, createRedisSubscriptionStore } from '../../src/redis/index.js';
import { retryUntil } from '../helpers/eventually.js';
import { startRedisServer, type RunningRedis } from '../setup/redis-server.js';
import { CLIENT_KINDS, connect, uniquePrefix, withRedis } from './clients.js';

const TIMEOUT = { timeout: 200 };
const limit = { requests: 100, periodSeconds: 60 };

describe.each(CLIENT_KINDS)('Redis outage over %s', (kind) => {
  let server: RunningRedis;
  beforeAll(async () => {
    server = await startRedisServer(inject('redisServer'));
  });
  afterAll(async () => {
    await server.stop();
  });

  it('fails closed while Redis is stopped and resumes when it is back', async () => {
    await withRedis(kind, server.port, async (redis) => {
      const prefix = uniquePrefix();
      const subscriptions = createRedisSubscriptionStore(redis.client, { prefix, ...TIMEOUT });
      const revocations = createRedisRevocationStore(redis.client, { prefix, ...TIMEOUT });
      const closed = createRedisRateLimiter(redis.client, { prefix, ...TIMEOUT });
      const errors: string[] = [];
      const open = createRedisRateLimiter(redis.client, { prefix, ...TIMEOUT, failOpen: true, onError: (e) => errors.push(e.code) });
      await subscriptions.add({ applicationUuid: 'app', apiContext: '/api', apiVersion: '1' });
      expect(await subscriptions.find('app', '/api', '1')).toBeDefined();
      expect((await closed.consume('k', limit)).allowed).toBe(true);

      await server.stop();
      const down = { code: 'ERR_STORE_UNAVAILABLE' };
      await expect(subscriptions.find('app', '/api', '1')).rejects.toMatchObject(down);
      await expect(revocations.isRevoked('jti')).rejects.toMatchObject(down);
      await expect(revocations.revoke('jti')).rejects.toMatchObject(down);
      await expect(closed.consume('k', limit)).rejects.toMatchObject(down);
      expect(await open.consume('k', limit)).toEqual({ allowed: true, remaining: 0, retryAfter: 0, resetAfter: 0, uncounted: true });
      expect(errors).toEqual(['ERR_STORE_UNAVAILABLE']);
      const failure = await subscriptions.find('secret-app', '/api', '1').catch((e: unknown) => e as Error);
      expect(String((failure as Error).message)).not.toContain('secret-app');

      server = await startRedisServer(inject('redisServer'), server.port);
      // The client reconnects by itself (its job, not keygate's); the store then answers again.
      expect(await retryUntil(() => revocations.isRevoked('jti'))).toBe(false);
      expect(await subscriptions.find('app', '/api', '1')).toBeUndefined(); // no persistence: a fresh, empty server
      expect((await closed.consume('k', limit)).allowed).toBe(true);
    });
  });

  it('times out on a Redis that does not answer (CLIENT PAUSE) and fails closed', async () => {
    const redis = await connect(kind, server.port);
    const admin = await connect(kind, server.port);
    try {
      const store = createRedisRevocationStore(redis.client, { prefix: uniquePrefix(), timeout: 100 });
      expect(await store.isRevoked('x')).toBe(false);
      await admin.raw('CLIENT', 'PAUSE', '5000', 'ALL');
      const started = Date.now();
      await expect(store.isRevoked('x')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', message: expect.stringContaining('100 ms') });
      expect(Date.now() - started).toBeLessThan(4000); // bounded by our timeout, not by the pause
      await admin.raw('CLIENT', 'UNPAUSE');
      expect(await retryUntil(() => store.isRevoked('x'))).toBe(false);
    } finally {
      await redis.close();
      await admin.close();
    }
  });

  it('reloads its scripts after SCRIPT FLUSH (NOSCRIPT falls back to EVAL)', async () => {
    await withRedis(kind, server.port, async (redis) => {
      const limiter = createRedisRateLimiter(redis.client, { prefix: uniquePrefix() });
      expect((await limiter.consume('k', { requests: 2, periodSeconds: 60 })).remaining).toBe(1);
      await redis.raw('SCRIPT', 'FLUSH');
      expect((await limiter.consume('k', { requests: 2, periodSeconds: 60 })).remaining).toBe(0);
    });
  });
});
