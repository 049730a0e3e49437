/** docs/scaling.md: every snippet runs against the test Redis (and the test cluster), through both clients. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type KeyPair, type Validator } from '../../src/index.js';
import { issueKey } from '../../src/issue/index.js';
import { createRedisSubscriptionStore, type RedisBlockingConditions, type RedisPolicyStore, type RedisReplica, type RedisRevocationStore, type RedisSubscriptionStore } from '../../src/redis/index.js';
import type { RedisClientLike } from '../../src/redis/client.js';
import { eventually } from '../helpers/eventually.js';
import { runSnippet, snippetFile, snippetsOf } from '../helpers/snippets.js';

interface Closable {
  destroy?(): void;
  disconnect?(): void;
}
const close = (...clients: unknown[]): void => {
  for (const c of clients as Closable[]) (c.destroy ?? c.disconnect)?.call(c);
};
const DOC = 'docs/scaling.md';
const snippet = (file: string) => snippetFile(DOC, file);

describe('docs/scaling.md', () => {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const name of ['REDIS_URL', 'REDIS_CLUSTER_NODES']) saved[name] = process.env[name];
    process.env.REDIS_URL = `redis://127.0.0.1:${String(inject('redisPort'))}`;
    process.env.REDIS_CLUSTER_NODES = inject('redisCluster').map((port) => `127.0.0.1:${String(port)}`).join(',');
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('runs every snippet it has', () => {
    const names = snippetsOf(DOC).map((code) => code.split('\n', 1)[0]);
    expect(names).toEqual(['// replica.ts', '// portal.ts', '// throttling.ts', '// cluster.ts', '// setup.ts', '// setup-ioredis.ts', '// admin.ts']);
  });

  it('the replica setup answers from memory; the portal writes, the replica follows', async () => {
    const m = (await runSnippet(snippet('replica.ts'), 'scaling-replica')) as {
      client: unknown; reader: unknown; validator: Validator; issuer: KeyPair; replica: RedisReplica;
    };
    try {
      const heard: string[] = [];
      m.replica.revocations.onRevoke((jti) => heard.push(jti));
      const out = (await runSnippet(snippet('portal.ts'), 'scaling-portal')) as { found: unknown; removed: boolean; unregistered: boolean };
      expect(out.found).toEqual({ applicationUuid: 'app-1', apiContext: '/orders', apiVersion: 'v1', tier: 'Gold', status: 'BLOCKED' });
      expect(out.removed).toBe(true);
      expect(out.unregistered).toBe(true);
      await eventually(() => heard.includes('a-jti-or-the-whole-api-key'));
      expect(m.replica.revocations.isRevoked('a-jti-or-the-whole-api-key')).toBe(true);
      expect(m.replica.subscriptions.find('app-1', '/orders', 'v1')).toBeUndefined();
      await eventually(() => m.replica.applications.find('app-1') === undefined);

      const key = await issueKey({ signingKey: m.issuer.privateKey, application: { uuid: 'app-2' } });
      await m.replica.subscriptions.add({ applicationUuid: 'app-2', apiContext: '/orders', apiVersion: 'v1', tier: 'Gold' });
      const call = () => m.validator.validate({ url: 'http://gw/orders/v1/x', headers: { apikey: key } });
      expect(await call()).toMatchObject({ ok: false, reason: 'unknown_application' });
      await m.replica.applications.add({ uuid: 'app-2', name: 'Second' });
      const accepted = await call();
      expect(accepted.ok && accepted.application.name).toBe('Second');
      // A lease of 100 taken from Gold (5000 a minute), one call spent: 99 here, 4900 in Redis.
      expect(accepted.ok && accepted.rateLimit).toMatchObject({ tier: 'Gold', limit: 5000, remaining: 4999 });
      await m.replica.subscriptions.remove('app-2', '/orders', 'v1');
      await m.replica.applications.remove('app-2');
      await m.replica.close();
    } finally {
      close(m.client, m.reader);
    }
  });

  it('the cluster snippet runs a replica on node-redis\'s cluster', async () => {
    const m = (await runSnippet(snippet('cluster.ts'), 'scaling-cluster')) as { cluster: unknown; readerCluster: unknown; replica: RedisReplica };
    try {
      await m.replica.subscriptions.add({ applicationUuid: 'app-c', apiContext: '/orders', apiVersion: 'v1' });
      expect(m.replica.subscriptions.find('app-c', '/orders', 'v1')).toBeDefined();
      expect(await m.replica.subscriptions.remove('app-c', '/orders', 'v1')).toBe(true);
      await m.replica.close();
    } finally {
      close(m.cluster, m.readerCluster);
    }
  });

  it('the node-redis setup builds a working validator and the admin snippet manages it', async () => {
    const m = (await runSnippet(snippet('setup.ts'), 'scaling-setup')) as {
      client: unknown; subscriber: unknown; validator: Validator; issuer: KeyPair;
      subscriptions: RedisSubscriptionStore; revocations: RedisRevocationStore;
    };
    try {
      await m.revocations.ready;
      // The admin snippet imports './setup.js': hand it this module's stores instead.
      (globalThis as { keygateScalingSetup?: unknown }).keygateScalingSetup = m;
      const code = snippet('admin.ts').replace(
        "import { subscriptions, revocations } from './setup.js';",
        "type Stores = { subscriptions: import('../../src/redis/index.js').RedisSubscriptionStore; revocations: import('../../src/redis/index.js').RedisRevocationStore };\n" +
          'const { subscriptions, revocations } = (globalThis as unknown as { keygateScalingSetup: Stores }).keygateScalingSetup;',
      );
      const heard: string[] = [];
      m.revocations.onRevoke((jti) => heard.push(jti));
      const out = (await runSnippet(code, 'scaling-admin')) as { listed: unknown[]; removed: boolean };
      expect(out.listed).toEqual([{ applicationUuid: 'app-1', apiContext: '/orders', apiVersion: 'v1', tier: 'Gold', status: 'BLOCKED' }]);
      expect(out.removed).toBe(true);
      expect(await m.revocations.isRevoked('a-jti-or-the-whole-api-key')).toBe(true);
      expect(heard).toContain('a-jti-or-the-whole-api-key');
      // The validator answers from Redis: the admin snippet removed the subscription; adding it back lets the key in.
      const key = await issueKey({ signingKey: m.issuer.privateKey, application: { uuid: 'app-1' } });
      const call = () => m.validator.validate({ url: 'http://gw/orders/v1/x', headers: { apikey: key } });
      expect((await call()).ok || 'refused').toBe('refused');
      await m.subscriptions.add({ applicationUuid: 'app-1', apiContext: '/orders', apiVersion: 'v1', tier: 'Bronze' });
      const accepted = await call();
      expect(accepted.ok).toBe(true);
      // Counted by the Redis rate limiter against WSO2's Bronze tier (1000 per minute).
      expect(accepted.ok && accepted.rateLimit).toMatchObject({ tier: 'Bronze', limit: 1000, remaining: 999 });
      await m.subscriptions.remove('app-1', '/orders', 'v1');
      await m.revocations.close();
    } finally {
      close(m.client, m.subscriber);
    }
  });

  it('the throttling snippet shares policies, blocking conditions and every level\'s counters through Redis', async () => {
    const m = (await runSnippet(snippet('throttling.ts'), 'scaling-throttling')) as {
      client: RedisClientLike & { disconnect(): void }; validator: Validator; issuer: KeyPair; policies: RedisPolicyStore; blocking: RedisBlockingConditions;
    };
    try {
      const subscriptions = createRedisSubscriptionStore(m.client, { prefix: 'shop:' });
      await subscriptions.add({ applicationUuid: 'app-t', apiContext: '/orders', apiVersion: 'v1', tier: 'Gold' });
      const key = await issueKey({ signingKey: m.issuer.privateKey, lightweight: false, application: { uuid: 'app-t', name: 'Scraper', owner: 'mallory', tier: '10PerMin' }, subscriptions: [{ name: 'Orders', context: '/orders/v1', version: 'v1' }] });
      const call = () => m.validator.validate({ url: 'http://gw/orders/v1/x', headers: { apikey: key } });
      expect(await call()).toMatchObject({ ok: false, status: 403, code: 900805, reason: 'blocking_condition' });
      expect(await m.blocking.remove({ type: 'APPLICATION', value: 'mallory:Scraper' })).toBe(true);
      const accepted = await call();
      expect(accepted.ok && accepted.rateLimits?.map((l) => [l.level, l.tier, l.limit, l.remaining])).toEqual([
        ['api', 'OrdersApi', 50_000, 49_999],
        ['hardLimit', 'maxTps', 200, 199],
        ['subscription', 'Gold', 5000, 4999],
        ['application', '10PerMin', 10, 9],
      ]);
      expect(await m.policies.remove('OrdersApi')).toBe(true);
      await subscriptions.remove('app-t', '/orders', 'v1');
    } finally {
      m.policies.close();
      m.blocking.close();
      m.client.disconnect();
    }
  });

  it('the ioredis setup builds working stores', async () => {
    const m = (await runSnippet(snippet('setup-ioredis.ts'), 'scaling-ioredis')) as {
      client: unknown; subscriber: unknown; subscriptions: RedisSubscriptionStore; revocations: RedisRevocationStore;
    };
    try {
      await m.revocations.ready;
      expect(await m.subscriptions.find('nobody', '/orders', 'v1')).toBeUndefined();
      expect(await m.revocations.isRevoked('nothing')).toBe(false);
      await m.revocations.close();
    } finally {
      close(m.client, m.subscriber);
    }
  });
});
