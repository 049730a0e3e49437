/**
 * The stores, the replica and the rate limiter on a real three-master Redis Cluster (started by
 * the test setup), through ioredis's `Cluster` and node-redis's `createCluster` (with
 * `nodeRedisCluster`).
 */
import { describe, expect, inject, it } from 'vitest';
import {
  createRedisKeyInventory,
  createRedisRateLimiter,
  createRedisReplica,
  createRedisReplicaWriter,
  createRedisRevocationStore,
  createRedisSubscriptionStore,
  nodeRedisCluster,
  type NodeRedisClusterLike,
} from '../../src/redis/index.js';
import { eventually } from '../helpers/eventually.js';
import { CLIENT_KINDS, uniquePrefix, type Connected } from './clients.js';
import { connectCluster } from './cluster-clients.js';

async function withCluster<T>(kind: (typeof CLIENT_KINDS)[number], use: (redis: Connected) => Promise<T>): Promise<T> {
  const redis = await connectCluster(kind, inject('redisCluster'));
  try {
    return await use(redis);
  } finally {
    await redis.close();
  }
}

const slotOf = async (redis: Connected, key: string) => Number(await redis.raw('CLUSTER', 'KEYSLOT', key));

describe.each(CLIENT_KINDS)('Redis Cluster over %s', (kind) => {
  it('runs the subscription and revocation stores, with the revocation broadcast', async () => {
    await withCluster(kind, async (redis) => {
      const prefix = uniquePrefix();
      const subscriptions = createRedisSubscriptionStore(redis.client, { prefix });
      for (const app of ['app-a', 'app-b', 'app-c', 'app-d']) await subscriptions.add({ applicationUuid: app, apiContext: '/orders', apiVersion: 'v1', tier: 'Gold' });
      expect((await subscriptions.find('app-c', '/orders', 'v1'))?.tier).toBe('Gold');
      expect(await subscriptions.list('app-d')).toHaveLength(1);
      expect(await subscriptions.remove('app-a', '/orders', 'v1')).toBe(true);
      // One key per application: spread over the cluster's slots.
      const slots = new Set(await Promise.all(['app-a', 'app-b', 'app-c', 'app-d'].map((app) => slotOf(redis, `${prefix}subs:${app}`))));
      expect(slots.size).toBeGreaterThan(1);

      const revocations = createRedisRevocationStore(redis.client, { prefix, subscriber: redis.subscriber });
      const elsewhere = createRedisRevocationStore(redis.client, { prefix });
      await revocations.ready;
      const heard: string[] = [];
      revocations.onRevoke((jti) => heard.push(jti));
      await elsewhere.revoke('jti-1', Date.now() / 1000 + 60);
      expect(await revocations.isRevoked('jti-1')).toBe(true);
      await eventually(() => heard.includes('jti-1'));
      await revocations.close();
    });
  });

  it("runs the key inventory and its last-used records, each key in its own slot", async () => {
    await withCluster(kind, async (redis) => {
      const prefix = uniquePrefix();
      const inventory = createRedisKeyInventory(redis.client, { prefix });
      const t = Math.floor(Date.now() / 1000);
      const jtis = ['k-1', 'k-2', 'k-3', 'k-4'];
      for (const jti of jtis) await inventory.record({ jti, applicationUuid: 'app-a', keyType: 'PRODUCTION', keyName: jti, issuedAt: t, expiresAt: t + 600 });
      await inventory.recordUses(jtis.map((jti) => ({ jti, usedAt: t + 1, expiresAt: t + 600 })));
      expect((await inventory.list('app-a')).map((k) => k.lastUsedAt)).toEqual([t + 1, t + 1, t + 1, t + 1]);
      const slots = new Set(await Promise.all(jtis.map((jti) => slotOf(redis, `${prefix}used:${jti}`))));
      expect(slots.size).toBeGreaterThan(1);
      expect(await inventory.remove('k-1')).toBe(true);
    });
  });

  it('runs the rate limiter, exact and leased', async () => {
    await withCluster(kind, async (redis) => {
      const prefix = uniquePrefix();
      const exact = createRedisRateLimiter(redis.client, { prefix });
      const leased = createRedisRateLimiter(redis.client, { prefix, lease: 5 });
      const limit = { requests: 50, periodSeconds: 3600 };
      const decisions = [];
      for (let i = 0; i < 60; i++) decisions.push(await (i % 2 === 0 ? exact : leased).consume('shared', limit));
      expect(decisions.filter((d) => d.allowed).length).toBeLessThanOrEqual(50);
      expect(decisions.filter((d) => d.allowed).length).toBeGreaterThanOrEqual(50 - 5);
      for (const key of ['a', 'b', 'c', 'd', 'e']) expect((await exact.consume(key, limit)).allowed).toBe(true);
    });
  });

  it('runs a replica: its keys share one slot, writes and the log go in one script, followers apply them', async () => {
    await withCluster(kind, async (redis) => {
      const prefix = uniquePrefix();
      const admin = createRedisReplicaWriter(redis.client, { prefix });
      await admin.subscriptions.add({ applicationUuid: 'before', apiContext: '/orders', apiVersion: 'v1' });
      const replica = createRedisReplica(redis.client, { prefix, reader: redis.reader });
      const polling = createRedisReplica(redis.client, { prefix });
      try {
        await Promise.all([replica.ready, polling.ready]);
        expect(replica.subscriptions.find('before', '/orders', 'v1')).toBeDefined();
        await replica.subscriptions.add({ applicationUuid: 'after', apiContext: '/orders', apiVersion: 'v1', tier: 'Gold' });
        expect(replica.subscriptions.find('after', '/orders', 'v1')?.tier).toBe('Gold');
        await admin.revocations.revoke('jti-x', Date.now() / 1000 + 60);
        await eventually(() => replica.revocations.isRevoked('jti-x') && polling.revocations.isRevoked('jti-x'));
        expect(polling.subscriptions.find('after', '/orders', 'v1')?.tier).toBe('Gold');
        await admin.applications.add({ uuid: 'app', name: 'App', status: 'ON_HOLD' });
        await eventually(() => replica.applications.find('app')?.status === 'ON_HOLD' && polling.applications.find('app')?.status === 'ON_HOLD');
        await admin.policies.add({ name: 'ClusterGold', tier: { requests: 50, timeUnit: 'min' } });
        await admin.blockingConditions.add({ type: 'USER', value: 'mallory' });
        await eventually(() => polling.policies.find('ClusterGold')?.requests === 50 && polling.blockingConditions.size === 1);
        await eventually(() => replica.policies.find('ClusterGold')?.requests === 50 && replica.blockingConditions.size === 1);
        expect(replica.blockingConditions.list()).toEqual([{ type: 'USER', value: 'mallory' }]);
        const tables = ['table:subs', 'table:revoked', 'table:apps', 'table:policies', 'table:blocking'];
        const keys = ['log', 'seq', 'revoked-until', ...tables].map((name) => `{${prefix}replica}:${name}`);
        expect(new Set(await Promise.all(keys.map((key) => slotOf(redis, key)))).size).toBe(1);
        expect(replica.status()).toMatchObject({ loaded: true, loads: 1, seq: 6 });
      } finally {
        await replica.close();
        await polling.close();
      }
    });
  });
});

describe('nodeRedisCluster', () => {
  it('routes each command keygate sends by its key', async () => {
    const routed: Array<[string | undefined, boolean | undefined]> = [];
    const fake: NodeRedisClusterLike = { sendCommand: (key, readonly) => (routed.push([key, readonly]), Promise.resolve(null)) };
    const client = nodeRedisCluster(fake);
    await client.sendCommand(['HGET', 'k1', 'f']);
    await client.sendCommand(['EVALSHA', 'sha', '2', 'k2', 'k3', 'arg']);
    await client.sendCommand(['EVAL', 'return 1', '0']);
    await client.sendCommand(['XREAD', 'COUNT', '10', 'BLOCK', '100', 'STREAMS', 'k4', '0-0']);
    await client.sendCommand(['PING']);
    expect(routed).toEqual([['k1', false], ['k2', false], [undefined, false], ['k4', false], [undefined, false]]);
    expect(() => nodeRedisCluster({} as NodeRedisClusterLike)).toThrow(/createCluster/);
  });
});
