import { describe, expect, inject, it } from 'vitest';
import { createRedisRateLimiter } from '../../src/redis/index.js';
import { breakable } from './breakable.js';
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
      expect(Number(await redis.raw('EXISTS', `{${prefix}rate}:k`))).toBe(0);
      expect((await limiter.consume('k', limit)).allowed).toBe(true);
    });
  });

  it('copes with quotas so large that a call adds less than Redis\'s clock resolution', async () => {
    await withRedis(kind, port, async (redis) => {
      const limiter = createRedisRateLimiter(redis.client, { prefix: uniquePrefix() });
      for (let i = 0; i < 3; i++) expect((await limiter.consume('k', { requests: 1e9, periodSeconds: 1 })).allowed).toBe(true);
    });
  });

  it("decides a call's counters in one script: all or nothing, soft counters refusing nothing", async () => {
    await withRedis(kind, port, async (redis) => {
      const counted = breakable(redis.client);
      const limiter = createRedisRateLimiter(counted.client, { prefix: uniquePrefix() });
      const big = { key: 'big', requests: 100, periodSeconds: 3600 };
      const small = { key: 'small', requests: 1, periodSeconds: 3600 };
      const soft = { key: 'soft', requests: 1, periodSeconds: 3600, soft: true };
      expect((await limiter.consumeAll([big, small, soft])).map((d) => d.allowed)).toEqual([true, true, true]);
      // small has no room: refused, counted nowhere.
      for (let i = 0; i < 3; i++) expect((await limiter.consumeAll([big, small])).map((d) => d.allowed)).toEqual([true, false]);
      expect((await limiter.consumeAll([big]))[0]).toMatchObject({ allowed: true, remaining: 98 });
      // soft has no room either: the call passes, counted at big.
      expect((await limiter.consumeAll([big, soft])).map((d) => d.allowed)).toEqual([true, false]);
      expect((await limiter.consumeAll([big]))[0]).toMatchObject({ remaining: 96 });
      // One script per call, whatever the number of counters (an EVAL only after a NOSCRIPT).
      expect(counted.sent.get('EVALSHA')).toBe(7);
    });
  });

  it('reports retryAfter and resetAfter as the memory limiter does, and keeps calls as calls when a limit changes', async () => {
    await withRedis(kind, port, async (redis) => {
      const limiter = createRedisRateLimiter(redis.client, { prefix: uniquePrefix() });
      const day = (requests: number) => ({ requests, periodSeconds: 86_400 });
      expect(await limiter.consume('k', day(2))).toEqual({ allowed: true, remaining: 1, retryAfter: 0, resetAfter: 43_200 });
      expect(await limiter.consume('k', day(2))).toEqual({ allowed: true, remaining: 0, retryAfter: 0, resetAfter: 86_400 });
      expect(await limiter.consume('k', day(2))).toEqual({ allowed: false, remaining: 0, retryAfter: 43_200, resetAfter: 86_400 });
      expect(await limiter.consume('k', day(1000))).toMatchObject({ allowed: true, remaining: 997 });
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
