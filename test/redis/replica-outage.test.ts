/**
 * Redis killed (SIGKILL) under traffic and restarted, with two gateway processes on replicas:
 * they serve from memory within the staleness bound, then answer 503, then resync by themselves;
 * a revocation, an application put on hold and a blocking condition, acknowledged just before the
 * kill, are never followed by an acceptance once the bound has passed; nothing acknowledged is lost
 * (Redis runs with appendfsync always).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type KeyPair } from '../../src/index.js';
import { decodeKey, issueKey } from '../../src/issue/index.js';
import { generateKeyPair } from '../../src/keys/index.js';
import { createRedisReplicaWriter, type RedisReplicaWriter } from '../../src/redis/index.js';
import { retryUntil } from '../helpers/eventually.js';
import { startRedisServer, type RunningRedis } from '../setup/redis-server.js';
import { connect, uniquePrefix, type Connected } from './clients.js';
import { buildWorker, startGateway, type Gateway } from './fleet/fleet.js';

const API = { name: 'Orders', context: '/orders', version: 'v1' };
const URL_ = 'http://gw.local/orders/v1/items';
const MAX_STALENESS = 1000;
/** Clock and message slack between processes on one machine. */
const SLACK = 50;

interface Seen {
  readonly gateway: string;
  readonly key: string;
  readonly ok: boolean;
  readonly reason?: string;
  readonly decidedAt: number;
}

describe('replicas through a Redis crash (kill -9) and restart', () => {
  let server: RunningRedis;
  let dir: string;
  let adminConnection: Connected;
  let admin: RedisReplicaWriter;
  let pair: KeyPair;
  let fleet: Gateway[] = [];
  let worker: Awaited<ReturnType<typeof buildWorker>> | undefined;
  const persistent = () => ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keygate-outage-'));
    const [built, keys] = await Promise.all([buildWorker(), generateKeyPair({ alias: 'outage' })]);
    worker = built;
    pair = keys;
    server = await startRedisServer(inject('redisServer'), undefined, { args: persistent() });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(fleet.map((g) => g.stop()));
    await adminConnection?.close();
    await server?.stop();
    worker?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves within the bound, then 503, then resyncs; an acknowledged revocation, hold or block is never accepted past the bound', async () => {
    const prefix = uniquePrefix();
    adminConnection = await connect('ioredis', server.port);
    admin = createRedisReplicaWriter(adminConnection.client, { prefix, timeout: 250 });
    const issue = (uuid: string) => issueKey({ signingKey: pair.privateKey, application: { uuid }, validityPeriod: 3600 });
    // The gateways resolve applications from their replicas: a key's application must be there.
    const subscribe = async (uuid: string) => {
      if ((await admin.applications.find(uuid)) === undefined) await admin.applications.add({ uuid, name: uuid });
      await admin.subscriptions.add({ applicationUuid: uuid, apiContext: API.context, apiVersion: API.version });
    };
    await subscribe('app-live');
    await subscribe('app-doomed');
    await subscribe('app-held');
    await subscribe('app-blocked');
    const live = await issue('app-live');
    const doomed = await issue('app-doomed');
    const held = await issue('app-held');
    const blocked = await issue('app-blocked');

    const publicJwk = await crypto.subtle.exportKey('jwk', pair.publicKey.cryptoKey);
    const config = { port: server.port, prefix, kid: 'outage', publicJwk, apis: [API], tiers: {}, stores: 'replica' as const, maxStaleness: MAX_STALENESS, applications: true, throttling: true };
    fleet = await Promise.all([
      startGateway(worker!.path, 'A', { ...config, client: 'node-redis' }),
      startGateway(worker!.path, 'B', { ...config, client: 'ioredis' }),
    ]);

    // Traffic: each gateway validates the four keys in turn, without pause, until told to stop.
    const seen: Seen[] = [];
    let running = true;
    const traffic = fleet.map(async (g) => {
      while (running) {
        for (const [name, key] of [['live', live], ['doomed', doomed], ['held', held], ['blocked', blocked]] as const) {
          const r = await g.send({ op: 'validate', url: URL_, key });
          if ('decidedAt' in r) seen.push({ gateway: g.name, key: name, ok: r.ok, ...(r.ok ? {} : { reason: r.reason }), decidedAt: r.decidedAt });
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const { jti, exp } = decodeKey(doomed).payload as { jti: string; exp: number };
    await admin.revocations.revoke(jti, exp);
    await admin.applications.update({ uuid: 'app-held', name: 'app-held', status: 'ON_HOLD' });
    expect(await admin.blockingConditions.add({ type: 'APPLICATION', value: 'app-blocked' })).toBe(true);
    const acknowledged = Date.now();
    await server.kill();
    const killed = Date.now();
    await expect(subscribe('app-lost')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' }); // not acknowledged
    await new Promise((resolve) => setTimeout(resolve, MAX_STALENESS + 700));

    server = await startRedisServer(inject('redisServer'), server.port, { args: persistent() });
    const restarted = Date.now();
    // The first call each gateway served after the restart.
    const resynced = await retryUntil(async () => {
      const at = seen.filter((s) => s.key === 'live' && s.ok && s.decidedAt > restarted);
      expect(new Set(at.map((s) => s.gateway))).toEqual(new Set(['A', 'B']));
      return fleet.map((g) => at.find((s) => s.gateway === g.name)!.decidedAt - restarted);
    });
    await retryUntil(async () => subscribe('app-after')); // the admin's client reconnects by itself
    const after = await issue('app-after');
    await retryUntil(async () => {
      for (const g of fleet) expect(await g.send({ op: 'validate', url: URL_, key: after })).toMatchObject({ ok: true });
    });
    running = false;
    await Promise.all(traffic);

    const live503 = (g: string) => seen.find((s) => s.gateway === g && s.key === 'live' && !s.ok && s.decidedAt > killed);
    const servedAfterKill = (g: string) => seen.filter((s) => s.gateway === g && s.key === 'live' && s.ok && s.decidedAt > killed && s.decidedAt < restarted);
    for (const g of ['A', 'B']) {
      // Within the bound: still served from memory.
      expect(servedAfterKill(g).length).toBeGreaterThan(0);
      // Then 503, no later than the bound after the kill, until Redis is back.
      const first503 = live503(g)!;
      expect(first503).toMatchObject({ reason: 'store_unavailable' });
      expect(first503.decidedAt - killed).toBeLessThanOrEqual(MAX_STALENESS + SLACK);
      expect(servedAfterKill(g).every((s) => s.decidedAt < killed + MAX_STALENESS + SLACK)).toBe(true);
    }
    // The acknowledged revocation, hold and block: never accepted once the bound has passed (in practice: at once).
    for (const name of ['doomed', 'held', 'blocked']) {
      const accepted = seen.filter((s) => s.key === name && s.ok && s.decidedAt >= acknowledged);
      expect(accepted.every((s) => s.decidedAt < acknowledged + MAX_STALENESS)).toBe(true);
    }
    for (const g of fleet) {
      expect(await g.send({ op: 'validate', url: URL_, key: doomed })).toMatchObject({ ok: false, reason: 'revoked' });
      expect(await g.send({ op: 'validate', url: URL_, key: held })).toMatchObject({ ok: false, reason: 'application_blocked' });
      expect(await g.send({ op: 'validate', url: URL_, key: blocked })).toMatchObject({ ok: false, reason: 'blocking_condition' });
      // Resumed from the last entry it had: no full load was needed.
      expect(await g.send({ op: 'status' })).toMatchObject({ loads: 1 });
      expect(g.alive()).toBe(true);
    }
    // Nothing acknowledged was lost; the write refused during the outage is not there.
    expect(await admin.subscriptions.find('app-live', API.context, API.version)).toBeDefined();
    expect(await admin.revocations.isRevoked(jti)).toBe(true);
    expect((await admin.applications.find('app-held'))?.status).toBe('ON_HOLD');
    expect(await admin.blockingConditions.add({ type: 'APPLICATION', value: 'app-blocked' })).toBe(false); // there already
    expect(await admin.applications.find('app-lost')).toBeUndefined();
    expect(await admin.subscriptions.find('app-lost', API.context, API.version)).toBeUndefined();

    const report = fleet.map((g, i) => {
      const served = servedAfterKill(g.name);
      const until = Math.max(...served.map((s) => s.decidedAt)) - killed;
      return `${g.name}: served from memory until +${String(until)} ms, 503 from +${String(live503(g.name)!.decidedAt - killed)} ms, serving again ${String(resynced[i])} ms after the restart`;
    });
    console.log(`outage (maxStaleness ${String(MAX_STALENESS)} ms, Redis back after ${String(restarted - killed)} ms): ${report.join('; ')} (A: node-redis, B: ioredis)`);
  }, 60_000);
});
