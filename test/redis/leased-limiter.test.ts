/** createRedisRateLimiter with `lease`: calls taken from Redis in leases, the overshoot bounded. */
import { describe, expect, inject, it } from 'vitest';
import { createRedisRateLimiter } from '../../src/redis/index.js';
import { breakable } from './breakable.js';
import { CLIENT_KINDS, connect, uniquePrefix, withRedis } from './clients.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(CLIENT_KINDS)('createRedisRateLimiter({ lease }) over %s', (kind) => {
  const port = inject('redisPort');

  it('takes a lease in one round trip and spends it in process; gives back what it did not spend', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const counted = breakable(redis.client);
      const leased = createRedisRateLimiter(counted.client, { prefix, lease: 10, leaseTtl: 100 });
      const exact = createRedisRateLimiter(redis.client, { prefix });
      const limit = { requests: 1000, periodSeconds: 3600 };
      const first = await leased.consume('k', limit);
      expect(first).toMatchObject({ allowed: true, retryAfter: 0, remaining: 999 });
      for (let i = 0; i < 8; i++) expect((await leased.consume('k', limit)).allowed).toBe(true);
      // Spent from the lease, a call is answered at once: no promise for the validator to wait on.
      const atOnce = leased.consumeAll([{ key: 'k', ...limit }]);
      expect(Array.isArray(atOnce) && atOnce[0]?.allowed).toBe(true);
      expect(counted.sent.get('EVALSHA')).toBe(1); // every call starts as an EVALSHA (EVAL only after a NOSCRIPT)
      expect((await exact.consume('k', limit)).remaining).toBe(1000 - 11);

      await leased.consume('k', limit); // a second lease of 10, one spent
      await sleep(150); // expired with 9 unspent: given back with the next lease
      await leased.consume('k', limit);
      // Counted in Redis: 11, a lease of 10, 9 given back, a lease of 10, 1 exact call.
      expect((await exact.consume('k', limit)).remaining).toBe(1000 - (11 + 10 - 9 + 10 + 1));
    });
  });

  it('leases at most a tenth of the quota, refuses past it with Retry-After and keeps the refusal a while', async () => {
    await withRedis(kind, port, async (redis) => {
      const counted = breakable(redis.client);
      const leased = createRedisRateLimiter(counted.client, { prefix: uniquePrefix(), lease: 50, leaseTtl: 1000 });
      const limit = { requests: 20, periodSeconds: 60 };
      const decisions = [];
      for (let i = 0; i < 22; i++) decisions.push(await leased.consume('k', limit));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
      expect(decisions[20]).toMatchObject({ allowed: false, remaining: 0 });
      expect(decisions[20]!.retryAfter).toBeGreaterThanOrEqual(2);
      expect(decisions[20]!.retryAfter).toBeLessThanOrEqual(3);
      expect(counted.sent.get('EVALSHA')).toBe(11); // leases of 2 (20 / 10), then one refusal, kept for the next call
    });
  });

  it('four limiters sharing one tier stay within the quota plus the leases outstanding', async () => {
    const connections = await Promise.all([0, 1, 2, 3].map(() => connect(kind, port)));
    try {
      const prefix = uniquePrefix();
      const lease = 10;
      const limit = { requests: 100, periodSeconds: 1 };
      const interval = (limit.periodSeconds * 1000) / limit.requests;
      const limiters = connections.map((c) => createRedisRateLimiter(c.client, { prefix, lease, leaseTtl: 200 }));
      const allowedAt: number[] = [];
      const until = Date.now() + 1500;
      await Promise.all(
        limiters.map(async (limiter) => {
          while (Date.now() < until) {
            const burst = await Promise.all(Array.from({ length: 8 }, () => limiter.consume('shared', limit)));
            for (const d of burst) if (d.allowed) allowedAt.push(Date.now());
            if (!burst.some((d) => d.allowed)) await sleep(2);
          }
        }),
      );
      allowedAt.sort((a, b) => a - b);
      // In every window [a, a + w]: at most the burst, plus one call per interval, plus the leases outstanding (4 × 9).
      const bound = (w: number) => limit.requests + Math.floor(w / interval) + limiters.length * (lease - 1) + 2;
      for (const w of [100, 500, 1000]) {
        for (let i = 0, j = 0; i < allowedAt.length; i++) {
          while (j < allowedAt.length && allowedAt[j]! <= allowedAt[i]! + w) j++;
          expect(j - i).toBeLessThanOrEqual(bound(w));
        }
      }
      // Not far below the exact figure either (a burst of 100, then 100 a second).
      expect(allowedAt.length).toBeGreaterThan(limit.requests + 1.5 * limit.requests * 0.7);
    } finally {
      await Promise.all(connections.map((c) => c.close()));
    }
  });

  it('fails closed (or open with failOpen) when Redis fails to grant a lease', async () => {
    await withRedis(kind, port, async (redis) => {
      const link = breakable(redis.client);
      const errors: string[] = [];
      const closed = createRedisRateLimiter(link.client, { prefix: uniquePrefix(), lease: 5 });
      const open = createRedisRateLimiter(link.client, { prefix: uniquePrefix(), lease: 5, failOpen: true, onError: (e) => errors.push(e.code) });
      const limit = { requests: 100, periodSeconds: 60 };
      link.cut();
      await expect(closed.consume('k', limit)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
      expect(await open.consume('k', limit)).toEqual({ allowed: true, remaining: 0, retryAfter: 0, resetAfter: 0, uncounted: true });
      expect(errors).toEqual(['ERR_STORE_UNAVAILABLE']);
      link.mend();
      expect((await closed.consume('k', limit)).allowed).toBe(true);
      expect(() => createRedisRateLimiter(redis.client, { lease: 0 })).toThrow(/lease/);
      expect(() => createRedisRateLimiter(redis.client, { lease: 2, leaseTtl: -1 })).toThrow(/leaseTtl/);
    });
  });
});
