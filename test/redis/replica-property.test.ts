/**
 * A property against a real Redis: whatever the writes, disconnects and trims of the change log,
 * a replica that is connected again converges to what the writer wrote.
 */
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { createRedisReplica, createRedisReplicaWriter } from '../../src/redis/index.js';
import type { Application, Subscription } from '../../src/index.js';
import { eventually } from '../helpers/eventually.js';
import { breakable } from './breakable.js';
import { CLIENT_KINDS, uniquePrefix, withRedis } from './clients.js';

const APPS = ['a', 'b', 'c'];
const JTIS = ['j1', 'j2', 'j3'];
const STATUSES = ['UNBLOCKED', 'BLOCKED', 'ON_HOLD'] as const;
const POLICY_NAMES = ['Gold', 'Custom'];
const USERS = ['ana', 'bob'];
const APP_STATUSES = ['APPROVED', 'ON_HOLD', 'REJECTED'] as const;

const op = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('subscribe' as const), app: fc.constantFrom(...APPS), status: fc.constantFrom(...STATUSES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('unsubscribe' as const), app: fc.constantFrom(...APPS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('revoke' as const), jti: fc.constantFrom(...JTIS) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('application' as const), app: fc.constantFrom(...APPS), status: fc.constantFrom(...APP_STATUSES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unregister' as const), app: fc.constantFrom(...APPS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('policy' as const), name: fc.constantFrom(...POLICY_NAMES), requests: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unpolicy' as const), name: fc.constantFrom(...POLICY_NAMES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('block' as const, 'unblock' as const), user: fc.constantFrom(...USERS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('cut' as const, 'mend' as const, 'trim' as const, 'pause' as const) }) },
);

describe.each(CLIENT_KINDS)('a replica over %s converges', (kind) => {
  const port = inject('redisPort');

  it('to the writer\'s state after any sequence of writes, disconnects and trims', async () => {
    await withRedis(kind, port, async (redis) => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
          const prefix = uniquePrefix();
          const admin = createRedisReplicaWriter(redis.client, { prefix });
          const command = breakable(redis.client);
          const reader = breakable(redis.reader);
          const replica = createRedisReplica(command.client, { prefix, reader: reader.client, maxStaleness: 300, heartbeat: 50 });
          const subscriptions = new Map<string, Subscription>();
          const revoked = new Set<string>();
          const applications = new Map<string, Application>();
          const policies = new Map<string, number>();
          const blocked = new Set<string>();
          try {
            await replica.ready;
            for (const o of ops) {
              if (o.kind === 'subscribe') {
                const s: Subscription = { applicationUuid: o.app, apiContext: '/api', apiVersion: '1', status: o.status };
                await (subscriptions.has(o.app) ? admin.subscriptions.update(s) : admin.subscriptions.add(s));
                subscriptions.set(o.app, s);
              } else if (o.kind === 'unsubscribe') {
                expect(await admin.subscriptions.remove(o.app, '/api', '1')).toBe(subscriptions.delete(o.app));
              } else if (o.kind === 'application') {
                const app: Application = { uuid: o.app, name: o.app.toUpperCase(), status: o.status };
                await (applications.has(o.app) ? admin.applications.update(app) : admin.applications.add(app));
                applications.set(o.app, app);
              } else if (o.kind === 'unregister') {
                expect(await admin.applications.remove(o.app)).toBe(applications.delete(o.app));
              } else if (o.kind === 'policy') {
                const policy = { name: o.name, tier: { requests: o.requests, periodSeconds: 60 } };
                await (policies.has(o.name) ? admin.policies.update(policy) : admin.policies.add(policy));
                policies.set(o.name, o.requests);
              } else if (o.kind === 'unpolicy') {
                expect(await admin.policies.remove(o.name)).toBe(policies.delete(o.name));
              } else if (o.kind === 'block') {
                expect(await admin.blockingConditions.add({ type: 'USER', value: o.user })).toBe(!blocked.has(o.user));
                blocked.add(o.user);
              } else if (o.kind === 'unblock') {
                expect(await admin.blockingConditions.remove({ type: 'USER', value: o.user })).toBe(blocked.delete(o.user));
              } else if (o.kind === 'revoke') {
                await admin.revocations.revoke(o.jti, Date.now() / 1000 + 60);
                revoked.add(o.jti);
              } else if (o.kind === 'trim') {
                await redis.raw('XTRIM', `{${prefix}replica}:log`, 'MAXLEN', '0');
              } else if (o.kind === 'pause') {
                await new Promise((resolve) => setTimeout(resolve, 20));
              } else {
                for (const b of [command, reader]) o.kind === 'cut' ? b.cut() : b.mend();
              }
            }
            command.mend();
            reader.mend();
            const seq = Number((await redis.raw('GET', `{${prefix}replica}:seq`)) ?? 0);
            await eventually(() => replica.status().seq === seq && replica.status().staleness < 300, 5000);
            for (const app of APPS) expect(replica.subscriptions.find(app, '/api', '1')).toEqual(subscriptions.get(app));
            for (const app of APPS) expect(replica.applications.find(app)).toEqual(applications.get(app));
            for (const name of POLICY_NAMES) expect(replica.policies.find(name)?.requests).toBe(policies.get(name));
            const api = { name: 'A', context: '/a', version: '1' };
            for (const user of USERS) expect(replica.blockingConditions.match({ api, application: undefined, user, clientIp: undefined })?.value).toBe(blocked.has(user) ? user : undefined);
            for (const jti of JTIS) expect(replica.revocations.isRevoked(jti)).toBe(revoked.has(jti));
          } finally {
            await replica.close();
          }
        }),
        { numRuns: 15 },
      );
    });
  }, 120_000);
});
