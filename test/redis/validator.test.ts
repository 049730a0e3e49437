/** The Redis stores behind createValidator: the same answers as the memory stores, and 503 when Redis is gone. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { decodeKey } from '../../src/issue/index.js';
import { createRedisRateLimiter, createRedisRevocationStore, createRedisSubscriptionStore } from '../../src/redis/index.js';
import { APP_UUID, PIZZA, pizzaGateway } from '../helpers/fixtures.js';
import { startRedisServer, type RunningRedis } from '../setup/redis-server.js';
import { CLIENT_KINDS, uniquePrefix, withRedis } from './clients.js';
import { createThrottle } from '../../src/gateway/index.js';

describe.each(CLIENT_KINDS)('createValidator with Redis stores over %s', (kind) => {
  let server: RunningRedis;
  beforeAll(async () => {
    server = await startRedisServer(inject('redisServer'));
  });
  afterAll(async () => {
    await server.stop();
  });

  it('accepts, refuses revoked keys and blocked subscriptions, and answers 503 without key material when Redis is down', async () => {
    await withRedis(kind, server.port, async (redis) => {
      const prefix = uniquePrefix();
      const subscriptions = createRedisSubscriptionStore(redis.client, { prefix, timeout: 200 });
      const revocations = createRedisRevocationStore(redis.client, { prefix, timeout: 200 });
      const subscription = { applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'Gold' };
      await subscriptions.add(subscription);
      const gw = await pizzaGateway({ subscriptions, revocations });
      const key = await gw.issue({ validityPeriod: 3600 });
      const jti = String(decodeKey(key).payload.jti);
      const other = await gw.issue();

      const ok = await gw.call(key);
      expect(ok.ok && ok.subscription.tier).toBe('Gold');
      await revocations.revoke(jti, Date.now() / 1000 + 3600);
      expect(await gw.call(key)).toMatchObject({ ok: false, status: 401, reason: 'revoked' });
      await subscriptions.update({ ...subscription, status: 'BLOCKED' });
      expect(await gw.call(other)).toMatchObject({ ok: false, status: 403, reason: 'subscription_blocked' });
      await subscriptions.remove(APP_UUID, PIZZA.context, PIZZA.version);
      expect(await gw.call(other)).toMatchObject({ ok: false, status: 403, reason: 'not_subscribed' });

      await server.stop();
      const down = await gw.call(other);
      expect(down).toMatchObject({ ok: false, status: 503, reason: 'store_unavailable' });
      expect(JSON.stringify(down)).not.toContain(other.split('.')[1]!.slice(0, 20));
    });
  });

  it('answers 503 when the Redis rate limiter fails, or lets the call through with failOpen', async () => {
    const limiterServer = await startRedisServer(inject('redisServer'));
    try {
      await withRedis(kind, limiterServer.port, async (redis) => {
        const tiers = { Tight: { requests: 1, periodSeconds: 3600 } };
        const limited = { applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'Tight' };
        const gateway = async (failOpen: boolean) => {
          const gw = await pizzaGateway({
            throttle: createThrottle({ tiers, limiter: createRedisRateLimiter(redis.client, { prefix: uniquePrefix(), timeout: 200, failOpen }) }),
          });
          gw.subscriptions.update(limited);
          return gw;
        };
        const closed = await gateway(false);
        const open = await gateway(true);
        const key = await closed.issue();
        expect((await closed.call(key)).ok).toBe(true);
        expect(await closed.call(key)).toMatchObject({ ok: false, status: 429, reason: 'throttled_subscription' });

        await limiterServer.stop();
        expect(await closed.call(key)).toMatchObject({ ok: false, status: 503, reason: 'store_unavailable' });
        const during = await open.call(key);
        expect(during.ok).toBe(true);
        // Not counted: no level is reported, so adapters send no RateLimit header (`r=0;t=0` would be false news).
        expect(during).not.toHaveProperty('rateLimit');
        expect(during).toMatchObject({ rateLimits: [] });
      });
    } finally {
      await limiterServer.stop();
    }
  });
});
