/** A validator over a replica's stores (and a throttle over its policies): in-memory answers, the fleet's changes, 503 with a cause when stale. */
import { describe, expect, inject, it } from 'vitest';
import { decodeKey } from '../../src/issue/index.js';
import { createThrottle, createValidationCache } from '../../src/gateway/index.js';
import { createRedisReplica, createRedisReplicaWriter } from '../../src/redis/index.js';
import { eventually } from '../helpers/eventually.js';
import { APP_UUID, PIZZA, pizzaGateway } from '../helpers/fixtures.js';
import { breakable } from './breakable.js';
import { breakableReplica, msUntil } from './breakable-replica.js';
import { CLIENT_KINDS, uniquePrefix, withRedis } from './clients.js';

describe.each(CLIENT_KINDS)('createValidator over a replica over %s', (kind) => {
  const port = inject('redisPort');

  it('accepts, refuses revoked keys, blocked subscriptions and blocked or removed applications, and answers 503 with a cause while stale', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const admin = createRedisReplicaWriter(redis.client, { prefix });
      const command = breakable(redis.client);
      const reader = breakable(redis.reader);
      const replica = createRedisReplica(command.client, { prefix, reader: reader.client, maxStaleness: 300 });
      const subscription = { applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'Gold' };
      const application = { uuid: APP_UUID, id: 35, name: 'Pizza', owner: 'ana', tier: 'Unlimited' };
      await admin.subscriptions.add(subscription);
      await admin.applications.add(application);
      await replica.ready;
      // Stores that answer at once: no promise on the path.
      expect(replica.subscriptions.find(APP_UUID, PIZZA.context, PIZZA.version)).not.toBeInstanceOf(Promise);
      const { subscriptions, revocations, applications } = replica;
      const gw = await pizzaGateway({ subscriptions, revocations, applications, cache: createValidationCache() });
      const key = await gw.issue({ validityPeriod: 3600 });
      const other = await gw.issue({ validityPeriod: 3600 });
      try {
        const ok = await gw.call(key);
        expect(ok.ok && [ok.subscription.tier, ok.application.name]).toEqual(['Gold', 'Pizza']);
        expect((await gw.call(key)).ok).toBe(true); // cached signature, stores asked again

        const { jti, exp } = decodeKey(key).payload as { jti: string; exp: number };
        await admin.revocations.revoke(jti, exp);
        await eventually(() => replica.revocations.isRevoked(jti));
        expect(await gw.call(key)).toMatchObject({ ok: false, status: 401, reason: 'revoked' });
        await admin.subscriptions.update({ ...subscription, status: 'BLOCKED' });
        await eventually(() => replica.subscriptions.find(APP_UUID, PIZZA.context, PIZZA.version)?.status === 'BLOCKED');
        expect(await gw.call(other)).toMatchObject({ ok: false, status: 403, reason: 'subscription_blocked' });
        await admin.subscriptions.update(subscription);
        await eventually(() => replica.subscriptions.find(APP_UUID, PIZZA.context, PIZZA.version)?.status === undefined);
        expect((await gw.call(other)).ok).toBe(true);
        await admin.applications.update({ ...application, status: 'ON_HOLD' });
        await eventually(() => replica.applications.find(APP_UUID)?.status === 'ON_HOLD');
        expect(await gw.call(other)).toMatchObject({ ok: false, status: 403, reason: 'application_blocked' });
        await admin.applications.remove(APP_UUID);
        await eventually(() => replica.applications.find(APP_UUID) === undefined);
        expect(await gw.call(other)).toMatchObject({ ok: false, status: 403, reason: 'unknown_application' });
        await replica.applications.add(application); // its own write: applied here once it resolves
        expect((await gw.call(other)).ok).toBe(true);

        command.cut();
        reader.cut();
        await new Promise((resolve) => setTimeout(resolve, 350));
        const down = await gw.call(other);
        expect(down).toMatchObject({ ok: false, status: 503, reason: 'store_unavailable' });
        const cause = (down as { cause?: Error }).cause;
        expect(cause).toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', message: expect.stringContaining('has not confirmed it is current') });
        expect((cause?.cause as Error | undefined)?.message).toContain('connection cut by the test');

        command.mend();
        reader.mend();
        await eventually(() => replica.status().staleness < 300);
        expect((await gw.call(other)).ok).toBe(true);
      } finally {
        await replica.close();
      }
    });
  });

  it("throttles by the replica's policies: a policy changed through the writer applies within 100 ms, 503 while stale", async () => {
    await withRedis(kind, port, async (redis) => {
      const { admin, replica, cut, mend } = breakableReplica(redis);
      await admin.policies.add({ name: 'Custom', tier: { requests: 2, timeUnit: 'min' } });
      await replica.ready;
      expect(replica.policies.find('Custom')).toEqual({ requests: 2, periodSeconds: 60 });
      const gw = await pizzaGateway({ throttle: createThrottle({ policies: replica.policies }) });
      gw.subscriptions.update({ applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'Custom' });
      const key = await gw.issue({ validityPeriod: 3600 });
      const until = (wanted: (r: Awaited<ReturnType<typeof gw.call>>) => boolean) => msUntil(() => gw.call(key), wanted);
      try {
        expect((await gw.call(key)).ok).toBe(true);
        expect((await gw.call(key)).ok).toBe(true);
        expect(await gw.call(key)).toMatchObject({ ok: false, status: 429, reason: 'throttled_subscription' });

        // Raised by another process: this gateway lets calls through again within 100 ms.
        await admin.policies.update({ name: 'Custom', tier: { requests: 4, timeUnit: 'min' } });
        expect(await until((r) => r.ok)).toBeLessThan(100);
        expect((await gw.call(key)).ok).toBe(true);
        expect(await gw.call(key)).toMatchObject({ ok: false, status: 429 });
        // Lowered, then made unlimited: the same.
        await admin.policies.update({ name: 'Custom', tier: { requests: 1, periodSeconds: 1 } });
        expect(await until((r) => !r.ok && r.status === 429)).toBeLessThan(100);
        await admin.policies.update({ name: 'Custom', tier: { requests: Infinity, periodSeconds: 60 } });
        expect(await until((r) => r.ok)).toBeLessThan(100);
        expect((await gw.call(key)).ok).toBe(true);

        cut();
        await new Promise((resolve) => setTimeout(resolve, 350));
        const down = await gw.call(key);
        expect(down).toMatchObject({ ok: false, status: 503, reason: 'store_unavailable' });
        expect((down as { cause?: Error }).cause).toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', message: expect.stringContaining('has not confirmed it is current') });
        mend();
        await eventually(() => replica.status().staleness < 300);
        expect((await gw.call(key)).ok).toBe(true);
      } finally {
        await replica.close();
      }
    });
  });
});
