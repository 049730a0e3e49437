// Memory per replicated subscription: `npm run bench` (or `npm run build && node bench/replica-memory.bench.mjs`).
// Not part of `npm test`. Starts its own redis-server (or REDIS_PORT), writes BENCH_SUBSCRIPTIONS (1,000,000)
// subscriptions into a replica's table in bulk (pipelined HSET; the replica loads them with HSCAN all the same):
// 250,000 applications (UUIDs) × 4 of 40 APIs, 4 tiers, one in 20 BLOCKED. Then, each in a fresh process run
// with --expose-gc: the heap a replica holds once loaded (and how long the load took), and for comparison
// createMemorySubscriptionStore holding the same subscriptions.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createMemorySubscriptionStore } from 'keygate';
import { createRedisReplica } from 'keygate/redis';
import { redisServer } from './redis-server.mjs';

const COUNT = Number(process.env.BENCH_SUBSCRIPTIONS ?? 1_000_000);
const TIERS = ['Bronze', 'Silver', 'Gold', 'Unlimited'];

/** The i-th subscription of the data set. */
function subscriptionOf(app, i) {
  const api = (i * 7) % 40;
  return {
    applicationUuid: app,
    apiContext: `/api-${api}`,
    apiVersion: api % 3 === 0 ? 'v2' : 'v1',
    tier: TIERS[i % 4],
    ...(i % 20 === 0 ? { status: 'BLOCKED' } : {}),
  };
}

function* dataSet(count) {
  let app = '';
  for (let i = 0; i < count; i++) {
    if (i % 4 === 0) app = randomUUID();
    yield subscriptionOf(app, i);
  }
}

const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};

async function measure(kind, port, prefix) {
  const before = heap();
  const started = performance.now();
  let held;
  let client;
  if (kind === 'replica') {
    client = new Redis({ port, host: '127.0.0.1' });
    held = createRedisReplica(client, { prefix, maxStaleness: 60_000 });
    await held.ready;
  } else {
    held = createMemorySubscriptionStore(dataSet(COUNT));
  }
  const seconds = (performance.now() - started) / 1000;
  const bytes = heap() - before;
  const size = kind === 'replica' ? held.subscriptions.size : held.list().length;
  console.log(JSON.stringify({ kind, size, bytesPerSubscription: bytes / size, seconds }));
  if (kind === 'replica') {
    await held.close();
    client.disconnect();
  }
}

async function main() {
  const { port, stop } = await redisServer();
  const prefix = `bench-memory:${Date.now()}:`;
  const redis = new Redis({ port, host: '127.0.0.1' });
  const table = `{${prefix}replica}:table:subs`;
  let batch = [];
  const flush = async () => {
    if (batch.length > 0) await redis.call('HSET', table, ...batch);
    batch = [];
  };
  for (const s of dataSet(COUNT)) {
    batch.push(JSON.stringify([s.applicationUuid, s.apiContext, s.apiVersion]), JSON.stringify({ tier: s.tier, status: s.status }));
    if (batch.length >= 2000) await flush();
  }
  await flush();
  const used = (await redis.info('memory')).match(/used_memory:(\d+)/)?.[1];
  console.log(`${COUNT.toLocaleString('en-US')} subscriptions; Redis holds ${(Number(used) / 2 ** 20).toFixed(0)} MiB; node ${process.version}`);
  for (const kind of ['replica', 'memory']) {
    const out = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), 'measure', kind, String(port), prefix], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop());
    const what = kind === 'replica' ? 'createRedisReplica, loaded from Redis' : 'createMemorySubscriptionStore';
    console.log(`${what.padEnd(40)} ${r.bytesPerSubscription.toFixed(0)} bytes per subscription (${r.size.toLocaleString('en-US')} held, ${r.seconds.toFixed(1)} s to ${kind === 'replica' ? 'load' : 'fill'})`);
  }
  await redis.call('DEL', table);
  redis.disconnect();
  stop();
}

if (process.argv[2] === 'measure') await measure(process.argv[3], Number(process.argv[4]), process.argv[5]);
else await main();
