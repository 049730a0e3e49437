// A fleet on one machine: `npm run bench` (or `npm run build && node bench/fleet.bench.mjs`). Not part of `npm test`.
// Starts its own redis-server (or REDIS_PORT) and four follower processes (this file, role `follower`; two on
// ioredis, two on node-redis), each with createRedisReplica and a reader connection, then measures:
//   1. change propagation: from the admin's write call to each follower applying it (revocations: the
//      replica's onRevoke; subscription removals and applications put on hold: find() polled every
//      millisecond), BENCH_CHANGES (200) each;
//   2. the leased rate limiter: calls per second in one process against the exact limiter (64 in flight,
//      BENCH_SECONDS each), and the four processes sharing one tier of 1000 calls per second with leases of
//      100 for BENCH_SECONDS: the most calls allowed in any one-second window against the exact GCRA's allowance.
import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { createRedisRateLimiter, createRedisReplica, createRedisReplicaWriter } from 'keygate/redis';
import { quantile, redisServer } from './redis-server.mjs';

const CHANGES = Number(process.env.BENCH_CHANGES ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const FOLLOWERS = 4;
const API = ['/orders', 'v1'];
const TIER = { requests: 1000, periodSeconds: 1 };
const LEASE = 100;
const preciseNow = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function connect(kind, port) {
  if (kind === 'node-redis') {
    const client = await createClient({ socket: { port, host: '127.0.0.1' } }).connect();
    const reader = await client.duplicate().connect();
    return { client, reader, close: () => Promise.all([client.close(), reader.close()]) };
  }
  const client = new Redis({ port, host: '127.0.0.1' });
  const reader = client.duplicate();
  return { client, reader, close: async () => [client, reader].forEach((c) => c.disconnect()) };
}

/** Hammers `limiter` on one key with `inFlight` callers for `seconds`; resolves with the times of the calls allowed. */
async function hammer(limiter, key, limit, inFlight, seconds) {
  const allowed = [];
  let calls = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (Date.now() < until) {
        const decision = await limiter.consume(key, limit);
        calls += 1;
        if (decision.allowed) allowed.push(preciseNow());
        else await sleep(1);
      }
    }),
  );
  return { allowed, calls };
}

async function follower() {
  const { port, prefix, kind } = JSON.parse(process.argv[3]);
  const redis = await connect(kind, port);
  const replica = createRedisReplica(redis.client, { prefix, reader: redis.reader });
  await replica.ready;
  replica.revocations.onRevoke((jti) => process.send({ seen: 'revocation', id: jti, at: preciseNow() }));
  // What each watched change looks like once applied here.
  const applied = {
    removal: (app) => replica.subscriptions.find(app, ...API) === undefined,
    hold: (app) => replica.applications.find(app)?.status === 'ON_HOLD',
  };
  const watched = new Map(); // id -> kind
  setInterval(() => {
    for (const [id, kind] of watched) {
      if (applied[kind](id)) {
        watched.delete(id);
        process.send({ seen: kind, id, at: preciseNow() });
      }
    }
  }, 1);
  process.on('message', async (message) => {
    if (message.watch) watched.set(message.watch.id, message.watch.kind);
    if (message.hammer) {
      const limiter = createRedisRateLimiter(redis.client, { prefix, lease: LEASE });
      process.send({ hammered: (await hammer(limiter, message.hammer, TIER, 16, SECONDS)).allowed });
    }
    if (message.size) process.send({ size: replica.subscriptions.size });
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true });
}

const stats = (latencies) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return `p50 ${quantile(sorted, 0.5).toFixed(1)} ms, p99 ${quantile(sorted, 0.99).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (${sorted.length} samples)`;
};

async function main() {
  const { port, stop } = await redisServer();
  const prefix = `bench-fleet:${Date.now()}:`;
  const admin = new Redis({ port, host: '127.0.0.1' });
  const writer = createRedisReplicaWriter(admin, { prefix });
  for (let i = 0; i < CHANGES; i++) {
    await writer.subscriptions.add({ applicationUuid: `app-${i}`, apiContext: API[0], apiVersion: API[1] });
    await writer.applications.add({ uuid: `app-${i}`, name: `App ${i}` });
  }
  const followers = await Promise.all(
    Array.from({ length: FOLLOWERS }, (_, i) => {
      const child = fork(new URL(import.meta.url), ['follower', JSON.stringify({ port, prefix, kind: i % 2 ? 'node-redis' : 'ioredis' })]);
      return new Promise((resolve) => child.once('message', () => resolve(child)));
    }),
  );
  const seen = new Map(); // `${kind}:${id}` -> arrival times
  for (const child of followers) {
    child.on('message', (m) => m.seen && seen.set(`${m.seen}:${m.id}`, [...(seen.get(`${m.seen}:${m.id}`) ?? []), m.at]));
  }
  console.log(`keygate fleet bench: ${FOLLOWERS} follower processes, Redis ${(await admin.info('server')).match(/redis_version:(\S+)/)?.[1]} on loopback; node ${process.version}; ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}\n`);

  const propagation = async (kind, change) => {
    const latencies = [];
    for (let i = 0; i < CHANGES; i++) {
      const id = kind === 'revocation' ? `jti-${i}` : `app-${i}`;
      if (kind !== 'revocation') for (const child of followers) child.send({ watch: { id, kind } });
      await sleep(5);
      const started = preciseNow();
      await change(id);
      const deadline = Date.now() + 5000;
      while ((seen.get(`${kind}:${id}`) ?? []).length < FOLLOWERS && Date.now() < deadline) await sleep(1);
      latencies.push(...(seen.get(`${kind}:${id}`) ?? []).map((at) => at - started));
    }
    return latencies;
  };
  const exp = Date.now() / 1000 + 3600;
  console.log(`revocation propagation        ${stats(await propagation('revocation', (jti) => writer.revocations.revoke(jti, exp)))}`);
  console.log(`subscription removal          ${stats(await propagation('removal', (app) => writer.subscriptions.remove(app, ...API)))}`);
  console.log(`application put on hold       ${stats(await propagation('hold', (app) => writer.applications.update({ uuid: app, name: app, status: 'ON_HOLD' })))}`);

  // Leased against exact, one process.
  const unlimited = { requests: 1e9, periodSeconds: 60 };
  const rate = async (limiter) => (await hammer(limiter, `tp:${Math.random()}`, unlimited, 64, SECONDS)).calls / SECONDS;
  const exact = await rate(createRedisRateLimiter(admin, { prefix }));
  const leased = await rate(createRedisRateLimiter(admin, { prefix, lease: LEASE }));
  console.log(`\nlimiter, one process, 64 in flight: exact ${Math.round(exact).toLocaleString('en-US')} calls/s, leased (lease ${LEASE}) ${Math.round(leased).toLocaleString('en-US')} calls/s: ${(leased / exact).toFixed(1)}x`);

  // Four processes sharing one tier.
  const shared = `shared:${Date.now()}`;
  const results = await Promise.all(followers.map((child) => new Promise((resolve) => {
    child.on('message', (m) => m.hammered && resolve(m.hammered));
    child.send({ hammer: shared });
  })));
  const allowed = results.flat().sort((a, b) => a - b);
  const interval = (TIER.periodSeconds * 1000) / TIER.requests;
  const windowMs = TIER.periodSeconds * 1000;
  let worst = -Infinity;
  for (let i = 0, j = 0; i < allowed.length; i++) {
    while (j < allowed.length && allowed[j] <= allowed[i] + windowMs) j++;
    worst = Math.max(worst, j - i - (TIER.requests + windowMs / interval));
  }
  const span = (allowed[allowed.length - 1] - allowed[0]) / 1000;
  console.log(`4 processes, one tier of ${TIER.requests}/s, leases of ${LEASE}, ${SECONDS} s: ${allowed.length} calls allowed in ${span.toFixed(2)} s (the exact GCRA allows ${Math.round(TIER.requests + (span * 1000) / interval)});`);
  console.log(`  worst one-second window: ${worst >= 0 ? `${worst.toFixed(0)} over` : `${(-worst).toFixed(0)} under`} the exact allowance (bound: ${FOLLOWERS} x (${LEASE} - 1) = ${FOLLOWERS * (LEASE - 1)} over)`);

  for (const child of followers) child.disconnect();
  admin.disconnect();
  stop();
}

if (process.argv[2] === 'follower') await follower();
else await main();
