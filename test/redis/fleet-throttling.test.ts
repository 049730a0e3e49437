/**
 * Two gateway processes (node-redis and ioredis) share every throttling level through one Redis:
 * the counters of the API-level policy, the hard limit, the resource, subscription and application
 * tiers and spike arrest (the exact limiter: one script per call), the policies (createRedisPolicyStore)
 * and the blocking conditions (createRedisBlockingConditions), both changed at run time.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiDefinition, KeyPair } from '../../src/index.js';
import { generateKeyPair } from '../../src/keys/index.js';
import { issueKey } from '../../src/issue/index.js';
import {
  createRedisBlockingConditions,
  createRedisPolicyStore,
  createRedisSubscriptionStore,
  type RedisBlockingConditions,
  type RedisPolicyStore,
  type RedisSubscriptionStore,
} from '../../src/redis/index.js';
import { retryUntil } from '../helpers/eventually.js';
import { startRedisServer, type RunningRedis } from '../setup/redis-server.js';
import { connect, uniquePrefix, type Connected } from './clients.js';
import { buildWorker, startGateway, type Gateway } from './fleet/fleet.js';

const APIS: ApiDefinition[] = [
  { name: 'Shared', context: '/shared', version: 'v1', tier: 'FleetApi' },
  { name: 'Hard', context: '/hard', version: 'v1', maxTps: { production: 2 } },
  { name: 'Res', context: '/res', version: 'v1', resources: [{ path: '/limited', methods: ['GET'], tier: 'FleetRes' }, { path: '/free', methods: ['GET'] }] },
];
const url = (path: string) => `http://gw.local${path}`;

describe('a fleet of two gateway processes shares every throttling level through Redis', () => {
  let server: RunningRedis;
  let admin: Connected;
  let subscriptions: RedisSubscriptionStore;
  let policies: RedisPolicyStore;
  let blocking: RedisBlockingConditions;
  let pair: KeyPair;
  let fleet: Gateway[];
  let worker: Awaited<ReturnType<typeof buildWorker>> | undefined;

  /** A key for a fresh application subscribed to every API on `tier`, of end user `user`. */
  const newCaller = async (uuid: string, tier = 'Unlimited', user = 'ana', appTier?: string) => {
    for (const api of APIS) await subscriptions.add({ applicationUuid: uuid, apiContext: api.context, apiVersion: api.version, tier });
    const subscribed = APIS.map((api) => ({ name: api.name, context: `${api.context}/${api.version}`, version: api.version }));
    return issueKey({ signingKey: pair.privateKey, lightweight: false, application: { uuid, name: uuid, ...(appTier === undefined ? {} : { tier: appTier }) }, subscriptions: subscribed, subject: user, validityPeriod: 3600 });
  };
  /** Calls alternate between the two gateways; each outcome as `ok` or the refusal's reason. */
  const alternate = async (n: number, path: string, key: string, clientIp?: string) => {
    const outcomes: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await fleet[i % 2]!.send({ op: 'validate', url: url(path), key, ...(clientIp === undefined ? {} : { clientIp }) });
      outcomes.push('ok' in r ? (r.ok ? 'ok' : r.reason) : 'no reply');
    }
    return outcomes;
  };

  beforeAll(async () => {
    const [built, started, keys] = await Promise.all([buildWorker(), startRedisServer(inject('redisServer')), generateKeyPair({ alias: 'fleet' })]);
    worker = built;
    server = started;
    pair = keys;
    const prefix = uniquePrefix();
    admin = await connect('ioredis', server.port);
    subscriptions = createRedisSubscriptionStore(admin.client, { prefix });
    policies = createRedisPolicyStore(admin.client, { prefix });
    blocking = createRedisBlockingConditions(admin.client, { prefix });
    await Promise.all([policies.ready, blocking.ready]);
    await policies.put('FleetApi', { requests: 5, timeUnit: 'hour' });
    await policies.put('FleetRes', { requests: 3, timeUnit: 'hour' });
    await policies.put('FleetSub', { requests: 4, timeUnit: 'hour' });
    await policies.put('FleetApp', { requests: 2, timeUnit: 'hour' });
    await policies.put('FleetBurst', { requests: 1000, timeUnit: 'hour', spikeArrestLimit: 2, spikeArrestUnit: 'min' });
    const publicJwk = await crypto.subtle.exportKey('jwk', pair.publicKey.cryptoKey);
    const config = { port: server.port, prefix, kid: 'fleet', publicJwk, apis: APIS, tiers: {}, throttling: true };
    fleet = await Promise.all([startGateway(built.path, 'A', { ...config, client: 'node-redis' }), startGateway(built.path, 'B', { ...config, client: 'ioredis' })]);
  }, 120_000);

  afterAll(async () => {
    policies?.close();
    blocking?.close();
    await Promise.all((fleet ?? []).map((g) => g.stop()));
    await admin?.close();
    await server?.stop();
    worker?.remove();
  });

  it('the API-level policy is one quota for all callers of the API across the fleet', async () => {
    const [a, b] = [await newCaller('api-a'), await newCaller('api-b')];
    expect([...(await alternate(3, '/shared/v1/x', a)), ...(await alternate(3, '/shared/v1/x', b))]).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'throttled_api']);
  });

  it('the hard limit holds across the fleet: 503 with Retry-After past 2 calls a second', async () => {
    const key = await newCaller('hard');
    const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => fleet[i % 2]!.send({ op: 'validate', url: url('/hard/v1/x'), key })));
    const passed = replies.filter((r) => 'ok' in r && r.ok).length;
    expect(passed).toBeGreaterThanOrEqual(2);
    expect(passed).toBeLessThanOrEqual(3); // one more if the calls straddle 500 ms
    for (const r of replies) if ('ok' in r && !r.ok) expect([r.status, r.reason, r.retryAfter]).toEqual([503, 'throttled_hard_limit', 1]);
  });

  it('a resource tier is shared by all callers; a call it refuses is counted at no other level', async () => {
    const key = await newCaller('res', 'FleetSub');
    expect(await alternate(5, '/res/v1/limited', key)).toEqual(['ok', 'ok', 'ok', 'throttled_resource', 'throttled_resource']);
    // Refused twice by the resource tier: the subscription tier (4 an hour) still has its last call.
    const free = await fleet[1]!.send({ op: 'validate', url: url('/res/v1/free'), key });
    expect(free).toMatchObject({ ok: true, rateLimits: ['subscription 0'] });
    expect(await alternate(1, '/res/v1/free', key)).toEqual(['throttled_subscription']);
  });

  it('the application tier counts per end user, and spike arrest per subscription, fleet-wide', async () => {
    const ana = await newCaller('app', 'Unlimited', 'ana', 'FleetApp');
    expect(await alternate(3, '/res/v1/free', ana)).toEqual(['ok', 'ok', 'throttled_application']);
    const bob = await issueKey({ signingKey: pair.privateKey, lightweight: false, application: { uuid: 'app', name: 'app', tier: 'FleetApp' }, subscriptions: [{ name: 'Res', context: '/res/v1', version: 'v1' }], subject: 'bob', validityPeriod: 3600 });
    expect(await alternate(1, '/res/v1/free', bob)).toEqual(['ok']);
    const burst = await newCaller('burst', 'FleetBurst');
    expect(await alternate(3, '/res/v1/free', burst)).toEqual(['ok', 'ok', 'throttled_spike_arrest']);
  });

  it('blocking conditions and policies changed in Redis apply on both gateways', async () => {
    const key = await newCaller('blocked', 'Unlimited', 'mallory');
    expect(await alternate(2, '/res/v1/free', key)).toEqual(['ok', 'ok']);
    await blocking.add({ type: 'USER', value: 'mallory' });
    await retryUntil(async () => expect(await alternate(2, '/res/v1/free', key)).toEqual(['blocking_condition', 'blocking_condition']));
    await blocking.remove({ type: 'USER', value: 'mallory' });
    await blocking.add({ type: 'IPRANGE', value: '198.51.100.0/24' });
    await retryUntil(async () => expect(await alternate(2, '/res/v1/free', key, '192.0.2.1')).toEqual(['ok', 'ok']));
    await retryUntil(async () => expect(await alternate(2, '/res/v1/free', key, '198.51.100.7')).toEqual(['blocking_condition', 'blocking_condition']));

    // The resource tier raised at run time: the calls it holds stay counted, the new quota applies.
    const other = await newCaller('raised');
    await policies.put('FleetRes', { requests: 10, timeUnit: 'hour' });
    await retryUntil(async () => expect(await alternate(2, '/res/v1/limited', other)).toEqual(['ok', 'ok']));
  });
});
