import { describe, expect, inject, it } from 'vitest';
import { createRedisRateLimiter } from '../../src/redis/index.js';
import { CLIENT_KINDS, connect, uniquePrefix, withRedis } from './clients.js';

describe.each(CLIENT_KINDS)('createRedisRateLimiter over %s', (kind) => {
  const port = inject('redisPort');

  it('allows exactly the quota, then refuses with a Retry-After', async () => {
    await withRedis(kind, port, async (redis) => {
      const limiter = createRedisRateLimiter(redis.client, { prefix: uniquePrefix() });
      const limit = { requests: 5, periodSeconds: 60 };
      const decisions = [];
      for (let i = 0; i < 7; i++) decisions.push(await limiter.consume('app:api', limit));
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
      expect(decisions.slice(0, 5).map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0]);
      // One call is earned back every 12 s.
      expect(decisions[5]?.retryAfter).toBeGreaterThanOrEqual(11);
      expect(decisions[5]?.retryAfter).toBeLessThanOrEqual(12);
      expect((await limiter.consume('other', limit)).allowed).toBe(true);
    });
  });

  it('is exact across many concurrent callers on separate connections', async () => {
    const connections = await Promise.all([connect(kind, port), connect(kind, port), connect(kind, port)]);
    try {
      const prefix = uniquePrefix();
      const limiters = connections.map((c) => createRedisRateLimiter(c.client, { prefix }));
      const limit = { requests: 50, periodSeconds: 3600 };
      const calls = Array.from({ length: 90 }, (_, i) => limiters[i % limiters.length]!.consume('shared', limit));
      const decisions = await Promise.all(calls);
      expect(decisions.filter((d) => d.allowed)).toHaveLength(50);
    } finally {
      await Promise.all(connections.map((c) => c.close()));
    }
  });

  it('earns calls back as time passes and drops idle counters', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const limiter = createRedisRateLimiter(redis.client, { prefix });
      const limit = { requests: 2, periodSeconds: 0.4 };
      expect((await limiter.consume('k', limit)).allowed).toBe(true);
      expect((await limiter.consume('k', limit)).allowed).toBe(true);
      expect((await limiter.consume('k', limit)).allowed).toBe(false);
      await new Promise((r) => setTimeout(r, 450));
      expect(Number(await redis.raw('EXISTS', `${prefix}rate:k`))).toBe(0);
      expect((await limiter.consume('k', limit)).allowed).toBe(true);
    });
  });

  it('copes with quotas so large that a call adds less than Redis\'s clock resolution', async () => {
    await withRedis(kind, port, async (redis) => {
      const limiter = createRedisRateLimiter(redis.client, { prefix: uniquePrefix() });
      for (let i = 0; i < 3; i++) expect((await limiter.consume('k', { requests: 1e9, periodSeconds: 1 })).allowed).toBe(true);
    });
  });

  it('rejects a limit that makes no sense', async () => {
    await withRedis(kind, port, async (redis) => {
      const limiter = createRedisRateLimiter(redis.client);
      await expect(limiter.consume('k', { requests: 0, periodSeconds: 60 })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
      await expect(limiter.consume('k', { requests: 1, periodSeconds: Number.NaN })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    });
  });
});
