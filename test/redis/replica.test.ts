/** createRedisReplica: stores answering from memory, kept current through the change log. */
import { describe, expect, inject, it } from 'vitest';
import { revokeKey } from '../../src/issue/index.js';
import {
  createRedisBlockingConditions,
  createRedisPolicyStore,
  createRedisRateLimiter,
  createRedisReplica,
  createRedisReplicaWriter,
  createRedisRevocationStore,
  createRedisSubscriptionStore,
  type RedisReplica,
} from '../../src/redis/index.js';
import { eventually } from '../helpers/eventually.js';
import { breakable } from './breakable.js';
import { CLIENT_KINDS, uniquePrefix, withRedis } from './clients.js';

const sub = (app: string, extra: object = {}) => ({ applicationUuid: app, apiContext: '/orders', apiVersion: 'v1', ...extra });
const inAnHour = () => Date.now() / 1000 + 3600;
/** What a look-up answers, or the error it throws. */
const answer = <T>(lookUp: () => T): T | Error => {
  try {
    return lookUp();
  } catch (error) {
    return error as Error;
  }
};

describe.each(CLIENT_KINDS)('createRedisReplica over %s', (kind) => {
  const port = inject('redisPort');

  it('loads what is there, answers at once from memory, and follows changes made elsewhere', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const admin = createRedisReplicaWriter(redis.client, { prefix });
      await admin.subscriptions.add(sub('app-1', { tier: 'Gold' }));
      await admin.revocations.revoke('jti-1', inAnHour());
      const replica = createRedisReplica(redis.client, { prefix, reader: redis.reader });
      try {
        expect(() => replica.subscriptions.find('app-1', '/orders', 'v1')).toThrow(/has not loaded yet/);
        await replica.ready;
        expect(replica.subscriptions.find('app-1', '/orders', 'v1')).toEqual(sub('app-1', { tier: 'Gold' }));
        expect(replica.revocations.isRevoked('jti-1')).toBe(true);
        expect(replica.revocations.isRevoked('jti-2')).toBe(false);

        const heard: string[] = [];
        replica.revocations.onRevoke((jti) => heard.push(jti));
        await admin.subscriptions.add(sub('app-2'));
        await admin.subscriptions.update(sub('app-1', { tier: 'Gold', status: 'BLOCKED' }));
        await admin.revocations.revoke('jti-2');
        await eventually(() => replica.revocations.isRevoked('jti-2'));
        expect(heard).toEqual(['jti-2']);
        expect(replica.subscriptions.find('app-2', '/orders', 'v1')).toEqual(sub('app-2'));
        expect(replica.subscriptions.find('app-1', '/orders', 'v1')?.status).toBe('BLOCKED');
        expect(await admin.subscriptions.remove('app-2', '/orders', 'v1')).toBe(true);
        expect(await admin.subscriptions.remove('app-2', '/orders', 'v1')).toBe(false);
        await eventually(() => replica.subscriptions.find('app-2', '/orders', 'v1') === undefined);
        expect(replica.subscriptions.size).toBe(1);
        expect(replica.status()).toMatchObject({ loaded: true, loads: 1, seq: 6 });
      } finally {
        await replica.close();
      }
    });
  });

  it('writes through Redis and has them itself once they resolve; refuses what the stores refuse', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const replica = createRedisReplica(redis.client, { prefix, reader: redis.reader });
      const other = createRedisReplica(redis.client, { prefix }); // polls on the command connection
      try {
        await Promise.all([replica.ready, other.ready]);
        await replica.subscriptions.add(sub('app', { tier: 'Bronze' }));
        expect(replica.subscriptions.find('app', '/orders', 'v1')?.tier).toBe('Bronze');
        await expect(replica.subscriptions.add(sub('app'))).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
        await expect(replica.subscriptions.update(sub('nobody'))).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
        await replica.subscriptions.add({ applicationUuid: 'app', apiContext: '/other', apiVersion: '2' });
        expect(replica.subscriptions.list('app').map((s) => s.apiContext).sort()).toEqual(['/orders', '/other']);
        await replica.revocations.revoke('j', inAnHour());
        expect(replica.revocations.isRevoked('j')).toBe(true);
        // revokeKey takes the replica's store, and the admin writer's.
        expect(await revokeKey(replica.revocations, 'k1', { expiresAt: 2_000_000_000 })).toEqual({ jti: 'k1', expiresAt: 2_000_000_300 });
        await revokeKey(createRedisReplicaWriter(redis.client, { prefix }).revocations, 'k2');
        await eventually(() => replica.revocations.isRevoked('k1') && replica.revocations.isRevoked('k2'));
        expect(await replica.subscriptions.remove('app', '/other', '2')).toBe(true);
        expect(replica.subscriptions.list('app')).toHaveLength(1);
        await eventually(() => other.revocations.isRevoked('j') && other.subscriptions.list('app').length === 1);
        await expect(replica.revocations.revoke('')).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
      } finally {
        await replica.close();
        await other.close();
      }
    });
  });

  it('replicates applications: the writer\'s and its own writes, refusals, and entries that are not applications', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const admin = createRedisReplicaWriter(redis.client, { prefix });
      const app = { uuid: 'app-1', id: 35, name: 'DefaultApplication', owner: 'kanchana', tier: '10PerMin', attributes: { team: 'pizza' } };
      await admin.applications.add(app);
      await redis.raw('HSET', `{${prefix}replica}:table:apps`, 'bad', '{"uuid":"someone-else","name":"x"}');
      const replica = createRedisReplica(redis.client, { prefix, reader: redis.reader });
      try {
        expect(() => replica.applications.find('app-1')).toThrow(/has not loaded yet/);
        await replica.ready;
        expect(replica.applications.find('app-1')).toEqual(app);
        expect(() => replica.applications.find('bad')).toThrow(expect.objectContaining({ code: 'ERR_STORE_UNAVAILABLE' }));
        expect(replica.applications.find('nobody')).toBeUndefined();
        expect(await admin.applications.find('app-1')).toEqual(app);
        await expect(admin.applications.find('bad')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });

        await admin.applications.update({ ...app, status: 'ON_HOLD' });
        await eventually(() => replica.applications.find('app-1')?.status === 'ON_HOLD');
        await expect(admin.applications.add(app)).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION', message: expect.stringContaining('use update()') });
        await expect(replica.applications.update({ uuid: 'nobody', name: 'x' })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION', message: expect.stringContaining('use add()') });
        await expect(replica.applications.add({ uuid: 'x', name: 'x', id: 1.5 })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
        // Its own writes: applied here once they resolve.
        await replica.applications.add({ uuid: 'app-2', name: 'Second' });
        expect(replica.applications.find('app-2')?.name).toBe('Second');
        expect(await replica.applications.remove('app-1')).toBe(true);
        expect(replica.applications.find('app-1')).toBeUndefined();
        expect(await replica.applications.remove('app-1')).toBe(false);
        expect(await admin.applications.remove('app-2')).toBe(true);
        await eventually(() => replica.applications.find('app-2') === undefined);
        expect(replica.applications.size).toBe(1); // the unreadable one, still refused
        expect(Number(await redis.raw('HLEN', `{${prefix}replica}:table:apps`))).toBe(1);
      } finally {
        await replica.close();
      }
    });
  });

  it("replicates throttling policies: the writer's and its own writes, refusals, the layout of createRedisPolicyStore, and entries that are not policies", async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const admin = createRedisReplicaWriter(redis.client, { prefix });
      await admin.policies.add({ name: 'Custom', tier: { requests: 5, timeUnit: 'min', stopOnQuotaReach: false } });
      await admin.policies.add({ name: 'Free', tier: { requests: Infinity, periodSeconds: 60 } });
      await redis.raw('HSET', `{${prefix}replica}:table:policies`, 'Broken', '{"requests":"many","periodSeconds":60}');
      const replica = createRedisReplica(redis.client, { prefix, reader: redis.reader });
      try {
        expect(() => replica.policies.find('Custom')).toThrow(/has not loaded yet/);
        expect(() => replica.policies.list()).toThrow(/has not loaded yet/);
        await replica.ready;
        // Listed from memory, the unreadable entry left out (a look-up of it still fails closed).
        expect(replica.policies.list()).toEqual({ Custom: { requests: 5, periodSeconds: 60, stopOnQuotaReach: false }, Free: { requests: Infinity, periodSeconds: 60 } });
        expect(replica.policies.find('Custom', 'subscription')).toEqual({ requests: 5, periodSeconds: 60, stopOnQuotaReach: false });
        expect(replica.policies.find('Free')?.requests).toBe(Infinity);
        expect(await redis.raw('HGET', `{${prefix}replica}:table:policies`, 'Free')).toBe('{"requests":null,"periodSeconds":60}');
        expect(() => replica.policies.find('Broken')).toThrow(expect.objectContaining({ code: 'ERR_STORE_UNAVAILABLE' }));
        expect(replica.policies.find('Gold')).toBeUndefined();
        expect(await admin.policies.find('Custom')).toEqual({ requests: 5, periodSeconds: 60, stopOnQuotaReach: false });
        expect(await admin.policies.find('Gold')).toBeUndefined();
        await expect(admin.policies.find('Broken')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });

        await admin.policies.update({ name: 'Custom', tier: { requests: 7, periodSeconds: 1 } });
        await eventually(() => replica.policies.find('Custom')?.requests === 7);
        await expect(admin.policies.add({ name: 'Custom', tier: { requests: 1, periodSeconds: 1 } })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION', message: expect.stringContaining('use update()') });
        await expect(replica.policies.update({ name: 'Gold', tier: { requests: 1, periodSeconds: 1 } })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION', message: expect.stringContaining('use add()') });
        await expect(replica.policies.add({ name: 'x', tier: { requests: 1.5, periodSeconds: 1 } })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
        await expect(replica.policies.add({ name: 'x'.repeat(129), tier: { requests: 1, periodSeconds: 1 } })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
        // Its own writes: applied here once they resolve.
        await replica.policies.add({ name: 'Gold', tier: { requests: 3, periodSeconds: 1 } });
        expect(replica.policies.find('Gold')?.requests).toBe(3);
        expect(await replica.policies.remove('Custom')).toBe(true);
        expect(replica.policies.find('Custom')).toBeUndefined();
        expect(await replica.policies.remove('Custom')).toBe(false);
        expect(await admin.policies.remove('Free')).toBe(true);
        await eventually(() => replica.policies.find('Free') === undefined);
        expect(replica.policies.size).toBe(2); // Gold, and the unreadable one, still refused
        expect(Object.keys(replica.policies.list())).toEqual(['Gold']);
      } finally {
        await replica.close();
      }
    });
  });

  it('keeps a revocation until 300 s past exp, for good without exp, and skips those long expired', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      let clock = Date.now();
      const replica = createRedisReplica(redis.client, { prefix, reader: redis.reader, now: () => clock, maxStaleness: 1e12, heartbeat: 200 });
      try {
        await replica.ready;
        const exp = Math.floor(clock / 1000) + 60;
        await replica.revocations.revoke('soon', exp);
        await replica.revocations.revoke('never');
        await replica.revocations.revoke('old', Math.floor(clock / 1000) - 400);
        expect(replica.revocations.isRevoked('old')).toBe(false);
        expect(Number(await redis.raw('HLEN', `{${prefix}replica}:table:revoked`))).toBe(2);
        expect(await redis.raw('HGET', `{${prefix}replica}:table:revoked`, 'soon')).toBe(String((exp + 300) * 1000));
        // A later revocation of the same key never shortens it.
        await replica.revocations.revoke('soon', exp - 30);
        expect(await redis.raw('HGET', `{${prefix}replica}:table:revoked`, 'soon')).toBe(String((exp + 300) * 1000));
        // Expired entries are dropped when the table is tidied (once a minute) and not loaded again.
        clock += 400_000;
        await eventually(() => replica.revocations.size === 1, 3000);
        expect(replica.revocations.isRevoked('never')).toBe(true);
      } finally {
        await replica.close();
      }
    });
  });

  it('resumes from its last entry after a disconnect, and loads in full when the log was trimmed past it', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const admin = createRedisReplicaWriter(redis.client, { prefix, logLength: 10 });
      const command = breakable(redis.client);
      const reader = breakable(redis.reader);
      const errors: unknown[] = [];
      const replica: RedisReplica = createRedisReplica(command.client, { prefix, reader: reader.client, maxStaleness: 400, onError: (e) => errors.push(e) });
      try {
        await replica.ready;
        command.cut();
        reader.cut();
        await admin.subscriptions.add(sub('while-away'));
        await eventually(() => errors.length > 0);
        // Fails closed once the bound has passed, with the cause.
        await eventually(() => {
          const failure = answer(() => replica.subscriptions.find('x', '/orders', 'v1'));
          return failure instanceof Error && failure.message.includes('has not confirmed it is current') && failure.cause !== undefined;
        });
        command.mend();
        reader.mend();
        await eventually(() => (answer(() => replica.subscriptions.find('while-away', '/orders', 'v1')) as { applicationUuid?: string } | undefined)?.applicationUuid === 'while-away');
        expect(replica.status().loads).toBe(1);

        command.cut();
        reader.cut();
        for (let i = 0; i < 300; i++) await admin.subscriptions.add(sub(`bulk-${String(i)}`));
        await admin.subscriptions.remove('while-away', '/orders', 'v1');
        expect(Number(await redis.raw('XLEN', `{${prefix}replica}:log`))).toBeLessThan(250);
        command.mend();
        reader.mend();
        await eventually(() => replica.status().loads === 2 && !(answer(() => replica.subscriptions.find('bulk-0', '/orders', 'v1')) instanceof Error));
        expect(replica.subscriptions.size).toBe(300);
        expect(replica.subscriptions.find('while-away', '/orders', 'v1')).toBeUndefined();
      } finally {
        await replica.close();
      }
    });
  });

  it('refuses options that make no sense', async () => {
    await withRedis(kind, port, async (redis) => {
      expect(() => createRedisReplica(redis.client, { prefix: 'a{b}' })).toThrow(/hash tag/);
      expect(() => createRedisReplica(redis.client, { maxStaleness: 0 })).toThrow(/maxStaleness/);
      expect(() => createRedisReplica(redis.client, { maxStaleness: 100, heartbeat: 100 })).toThrow(/heartbeat/);
      expect(() => createRedisReplicaWriter(redis.client, { logLength: 0 })).toThrow(/logLength/);
    });
  });
});

describe('keygate/redis factories refuse unknown options', () => {
  it('names the option and suggests the one meant', () => {
    const client = { sendCommand: () => Promise.resolve(null) };
    const typo = { typo: true } as never;
    expect(() => createRedisReplica(client, { maxStalenes: 5 } as never)).toThrow('createRedisReplica: unknown option "maxStalenes" (did you mean "maxStaleness"?)');
    expect(() => createRedisReplicaWriter(client, typo)).toThrow(/^createRedisReplicaWriter: unknown option/);
    expect(() => createRedisRateLimiter(client, { leases: 10 } as never)).toThrow(/^createRedisRateLimiter: unknown option "leases" \(did you mean "lease"\?\)/);
    expect(() => createRedisSubscriptionStore(client, typo)).toThrow(/^createRedisSubscriptionStore: unknown option/);
    expect(() => createRedisRevocationStore(client, typo)).toThrow(/^createRedisRevocationStore: unknown option/);
  });

  it('refuses a prefix that would break the hash tag keeping their keys in one Cluster slot', () => {
    const client = { sendCommand: () => Promise.resolve(null) };
    const prefix = 'tenant}{x:';
    for (const make of [createRedisReplica, createRedisReplicaWriter, createRedisRateLimiter, createRedisPolicyStore, createRedisBlockingConditions]) {
      expect(() => make(client, { prefix }), make.name).toThrow(/prefix must not hold \{ or \}/);
    }
  });
});
