/**
 * Two gateway processes (one on node-redis, one on ioredis) sharing one Redis, as in production:
 * revocations, subscriptions, applications and rate limits are one truth for the fleet, and an
 * outage fails closed on every instance without crashing any.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type KeyPair } from '../../src/index.js';
import { generateKeyPair } from '../../src/keys/index.js';
import { decodeKey, issueKey } from '../../src/issue/index.js';
import {
  createRedisApplicationStore,
  createRedisSubscriptionStore,
  type RedisApplicationStore,
  type RedisSubscriptionStore,
} from '../../src/redis/index.js';
import { retryUntil } from '../helpers/eventually.js';
import { startRedisServer, type RunningRedis } from '../setup/redis-server.js';
import { connect, uniquePrefix, type Connected } from './clients.js';
import { buildWorker, startGateway, type Gateway } from './fleet/fleet.js';

const API = { name: 'Orders', context: '/orders', version: 'v1' };
const URL_ = 'http://gw.local/orders/v1/items';
const TIERS = { Fleet10: { requests: 10, periodSeconds: 3600 }, FleetApp3: { requests: 3, periodSeconds: 3600 } };

describe('a fleet of two gateway processes sharing one Redis', () => {
  let server: RunningRedis;
  let admin: Connected;
  let store: RedisSubscriptionStore;
  let applications: RedisApplicationStore;
  let pair: KeyPair;
  let a: Gateway;
  let b: Gateway;
  let fleet: Gateway[];
  let worker: Awaited<ReturnType<typeof buildWorker>> | undefined;
  let prefix: string;

  const issue = (uuid: string) => issueKey({ signingKey: pair.privateKey, application: { uuid }, validityPeriod: 3600 });
  const subscribe = async (uuid: string, tier = 'Unlimited') => {
    // The gateways resolve applications from Redis too: an application must exist to call.
    if ((await applications.find(uuid)) === undefined) await applications.add({ uuid, name: uuid });
    await store.add({ applicationUuid: uuid, apiContext: API.context, apiVersion: API.version, tier });
  };
  const callBoth = (key: string) => Promise.all(fleet.map((g) => g.send({ op: 'validate', url: URL_, key })));

  beforeAll(async () => {
    const [built, started, keys] = await Promise.all([buildWorker(), startRedisServer(inject('redisServer')), generateKeyPair({ alias: 'fleet' })]);
    worker = built;
    server = started;
    pair = keys;
    prefix = uniquePrefix();
    admin = await connect('ioredis', server.port);
    store = createRedisSubscriptionStore(admin.client, { prefix });
    applications = createRedisApplicationStore(admin.client, { prefix });
    const publicJwk = await crypto.subtle.exportKey('jwk', pair.publicKey.cryptoKey);
    const config = { port: server.port, prefix, kid: 'fleet', publicJwk, apis: [API], tiers: TIERS, applications: true };
    [a, b] = await Promise.all([
      startGateway(built.path, 'A', { ...config, client: 'node-redis' }),
      startGateway(built.path, 'B', { ...config, client: 'ioredis' }),
    ]);
    fleet = [a, b];
  }, 120_000);

  afterAll(async () => {
    await Promise.all((fleet ?? []).map((g) => g.stop()));
    await admin?.close();
    await server?.stop();
    worker?.remove();
  });

  it('a key revoked through one gateway is refused by the other within 100 ms, with both caches warm', async () => {
    await subscribe('app-revoke');
    const key = await issue('app-revoke');
    const { jti, exp } = decodeKey(key).payload as { jti: string; exp: number };
    const hits = async () => (await callBoth(key)).map((r) => ('cacheHits' in r ? r.cacheHits : -1));
    const before = await hits(); // first call on each: a cache miss at most
    const warm = await hits();
    expect(warm[0]).toBeGreaterThan(before[0]!); // both caches now answer for this key
    expect(warm[1]).toBeGreaterThan(before[1]!);
    expect((await callBoth(key)).map((r) => 'ok' in r && r.ok)).toEqual([true, true]);

    const started = Date.now();
    const done = await a.send({ op: 'revoke', jti, exp });
    expect(done).toMatchObject({ done: true });
    const refused = await b.send({ op: 'validate', url: URL_, key });
    expect(refused).toMatchObject({ ok: false, status: 401, reason: 'revoked' });
    expect(refused.at - started).toBeLessThan(100);
    // The pub/sub path: B's listeners (its cache) heard of it, also well within the bound.
    const heard = await b.event((e) => e.event === 'revoked' && e.jti === jti);
    expect(heard.at - started).toBeLessThan(100);
    expect((await a.send({ op: 'validate', url: URL_, key }))).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('the two gateways share one tier: together exactly the quota, then 429 with Retry-After', async () => {
    await subscribe('app-tier', 'Fleet10');
    const key = await issue('app-tier');
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await fleet[i % 2]!.send({ op: 'validate', url: URL_, key });
      outcomes.push('ok' in r ? (r.ok ? 'ok' : `${String(r.status)} ${r.reason}`) : 'no reply');
      if ('ok' in r && !r.ok) expect(r.retryAfter).toBeGreaterThan(0);
    }
    expect(outcomes).toEqual([...Array<string>(10).fill('ok'), '429 throttled_subscription', '429 throttled_subscription']);

    // The same with the calls racing each other on both processes.
    await subscribe('app-race', 'Fleet10');
    const raced = await issue('app-race');
    const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => fleet[i % 2]!.send({ op: 'validate', url: URL_, key: raced })));
    expect(replies.filter((r) => 'ok' in r && r.ok)).toHaveLength(10);
    expect(replies.filter((r) => 'ok' in r && !r.ok && r.status === 429)).toHaveLength(20);
  });

  it('a subscription added, blocked and removed in Redis takes effect on the next call in both', async () => {
    const uuid = 'app-subs';
    await applications.add({ uuid, name: uuid });
    const key = await issue(uuid);
    const reasons = async () => (await callBoth(key)).map((r) => ('ok' in r ? (r.ok ? 'ok' : r.reason) : 'no reply'));
    expect(await reasons()).toEqual(['not_subscribed', 'not_subscribed']);
    await subscribe(uuid);
    expect(await reasons()).toEqual(['ok', 'ok']);
    await store.update({ applicationUuid: uuid, apiContext: API.context, apiVersion: API.version, status: 'BLOCKED' });
    expect(await reasons()).toEqual(['subscription_blocked', 'subscription_blocked']);
    await store.update({ applicationUuid: uuid, apiContext: API.context, apiVersion: API.version });
    expect(await reasons()).toEqual(['ok', 'ok']);
    await store.remove(uuid, API.context, API.version);
    expect(await reasons()).toEqual(['not_subscribed', 'not_subscribed']);
  });

  it("an application in Redis is one truth for both: its tier throttles fleet-wide per end user, its state and removal refuse on both", async () => {
    const uuid = 'app-model';
    await applications.add({ uuid, id: 7, name: 'FleetApplication', owner: 'ana', tier: 'FleetApp3' });
    await store.add({ applicationUuid: uuid, apiContext: API.context, apiVersion: API.version, tier: 'Unlimited' });
    // Lightweight keys: the application's name and tier come from Redis, not from the key.
    const ana = await issueKey({ signingKey: pair.privateKey, application: { uuid, id: 7 }, subject: 'ana', validityPeriod: 3600 });
    const bob = await issueKey({ signingKey: pair.privateKey, application: { uuid, id: 7 }, subject: 'bob', validityPeriod: 3600 });
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await fleet[i % 2]!.send({ op: 'validate', url: URL_, key: ana });
      outcomes.push('ok' in r ? (r.ok ? `ok ${String(r.application)}` : r.reason) : 'no reply');
    }
    expect(outcomes).toEqual(['ok FleetApplication', 'ok FleetApplication', 'ok FleetApplication', 'throttled_application']);
    expect((await callBoth(bob)).map((r) => 'ok' in r && r.ok)).toEqual([true, true]);

    const reasons = async () => (await callBoth(bob)).map((r) => ('ok' in r ? (r.ok ? 'ok' : r.reason) : 'no reply'));
    await applications.update({ uuid, id: 7, name: 'FleetApplication', owner: 'ana', tier: 'Unlimited', status: 'ON_HOLD' });
    expect(await reasons()).toEqual(['application_blocked', 'application_blocked']);
    await applications.update({ uuid, id: 7, name: 'FleetApplication', owner: 'ana', tier: 'Unlimited' });
    expect(await reasons()).toEqual(['ok', 'ok']);
    await applications.remove(uuid);
    expect(await reasons()).toEqual(['unknown_application', 'unknown_application']);
  });

  it('Redis stopped mid-run: 503 store_unavailable on both, no crash, no pass-through; restarted: service resumes', async () => {
    await subscribe('app-outage');
    const key = await issue('app-outage');
    expect((await callBoth(key)).map((r) => 'ok' in r && r.ok)).toEqual([true, true]);

    await server.stop();
    for (let i = 0; i < 3; i++) {
      for (const r of await callBoth(key)) {
        expect(r).toMatchObject({ ok: false, status: 503, reason: 'store_unavailable' });
        expect(JSON.stringify(r)).not.toContain(key.split('.')[2]!.slice(0, 16));
      }
    }
    expect(fleet.map((g) => g.alive())).toEqual([true, true]);

    server = await startRedisServer(inject('redisServer'), server.port);
    // A restarted Redis without persistence is empty: the operator restores the data (Redis's job).
    await retryUntil(async () => {
      await subscribe('app-outage');
    });
    await retryUntil(async () => {
      expect((await callBoth(key)).map((r) => 'ok' in r && r.ok)).toEqual([true, true]);
    });
    // Both clients resubscribe by themselves (a broadcast sent before that is lost, which is why
    // every call also checks Redis): once both listen again, revocations are broadcast again.
    await retryUntil(async () => {
      const [, listeners] = (await admin.raw('PUBSUB', 'NUMSUB', `${prefix}revocations`)) as [string, number];
      expect(Number(listeners)).toBe(2);
    });
    const { jti, exp } = decodeKey(key).payload as { jti: string; exp: number };
    await b.send({ op: 'revoke', jti, exp });
    await a.event((e) => e.event === 'revoked' && e.jti === jti);
    expect((await callBoth(key)).map((r) => 'ok' in r && !r.ok && r.reason)).toEqual(['revoked', 'revoked']);
    expect(fleet.map((g) => g.alive())).toEqual([true, true]);
  });
});
