// What a Redis-backed validation costs: `npm run bench` (or `npm run build && node bench/redis.bench.mjs`).
// Not part of `npm test`. Starts its own redis-server on a free loopback port (no persistence)
// unless REDIS_PORT points at one. Sequential calls, so each figure is one request's latency;
// "added" is the Redis figure minus the same validator over in-memory stores and limiter; both
// have the validation cache on (createValidationCache), so the signature is verified once.
// Then validators over a replica (createRedisReplica) against in-memory stores, in alternating
// rounds (BENCH_ROUNDS, default 5), without throttling and with it (the memory limiter against
// the leased Redis limiter, lease BENCH_LEASE, default 1000: one call in that many waits for Redis).
import { cpus } from 'node:os';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { createMemoryRevocationStore, createMemorySubscriptionStore, createValidator } from 'keygate';
import { createMemoryApplicationStore, createThrottle, createValidationCache } from 'keygate/gateway';
import { generateKeyPair } from 'keygate/keys';
import { issueKey } from 'keygate/issue';
import {
  createRedisRateLimiter,
  createRedisReplica,
  createRedisReplicaWriter,
  createRedisRevocationStore,
  createRedisSubscriptionStore,
} from 'keygate/redis';
import { redisServer, sampleLatency } from './redis-server.mjs';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LEASE = Number(process.env.BENCH_LEASE ?? 1000);
const API = { name: 'Orders', context: '/orders', version: 'v1' };
const APP = 'bench-app';
// A tier that never runs out, so every call pays for a rate-limit check without being refused.
const tiers = { Bench: { requests: 1e9, periodSeconds: 60 } };
const subscription = { applicationUuid: APP, apiContext: API.context, apiVersion: API.version, tier: 'Bench' };
const application = { uuid: APP, name: 'Bench' };

// Warm-up: JIT, script cache, connections.
const sample = (fn) => sampleLatency(fn, ITERATIONS, Math.min(500, ITERATIONS));
const micros = (n) => (n < 100 ? n.toFixed(1) : n.toFixed(0)).padStart(6);
async function measure(name, fn) {
  const row = { name, ...(await sample(fn)) };
  console.log(`${name.padEnd(46)} median ${micros(row.median)} µs   p99 ${micros(row.p99)} µs`);
  return row;
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

const { port, stop } = await redisServer();
const { privateKey, publicKey } = await generateKeyPair({ alg: 'ES256' });
const apiKey = await issueKey({ signingKey: privateKey, application: { uuid: APP }, validityPeriod: 3600 });
const request = { url: 'http://gw.local/orders/v1/items', headers: { apikey: apiKey } };
const common = { keys: [publicKey], apis: [API], cache: createValidationCache() };

const ioredis = new Redis({ port, host: '127.0.0.1' });
const nodeRedis = await createClient({ socket: { port, host: '127.0.0.1' } }).connect();
const prefix = `bench:${Date.now()}:`;
await createRedisSubscriptionStore(ioredis, { prefix }).add(subscription);

console.log(`keygate + Redis ${(await ioredis.info('server')).match(/redis_version:(\S+)/)?.[1]} on loopback; node ${process.version}; ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}; ${ITERATIONS} sequential calls each\n`);
const check = async (validator) => {
  const r = await validator.validate(request);
  if (!r.ok) throw new Error(`bench key refused: ${r.reason}`);
};
const memory = createValidator({
  ...common,
  subscriptions: createMemorySubscriptionStore([subscription]),
  revocations: createMemoryRevocationStore(),
  throttle: createThrottle({ tiers }),
});
const base = await measure('validate, memory stores + limiter', () => check(memory));
for (const [label, client] of [['ioredis', ioredis], ['node-redis', nodeRedis]]) {
  const validator = createValidator({
    ...common,
    subscriptions: createRedisSubscriptionStore(client, { prefix }),
    revocations: createRedisRevocationStore(client, { prefix }),
    throttle: createThrottle({ tiers, limiter: createRedisRateLimiter(client, { prefix }) }),
  });
  const row = await measure(`validate, Redis stores + limiter (${label})`, () => check(validator));
  console.log(`${''.padEnd(46)} added  ${(row.median - base.median).toFixed(0).padStart(6)} µs   p99 ${(row.p99 - base.p99).toFixed(0).padStart(6)} µs`);
  const limiter = createRedisRateLimiter(client, { prefix });
  await measure(`rate limiter consume alone (${label})`, () => limiter.consume('bench', { requests: 1e9, periodSeconds: 1 }));
  const subs = createRedisSubscriptionStore(client, { prefix });
  await measure(`subscription find alone (${label})`, () => subs.find(APP, API.context, API.version));
}

// ---------- replicas: the same validation answered from memory ----------
const replicaPrefix = `bench-replica:${Date.now()}:`;
const replicaWriter = createRedisReplicaWriter(ioredis, { prefix: replicaPrefix });
await replicaWriter.subscriptions.add(subscription);
await replicaWriter.applications.add(application);
const reader = ioredis.duplicate();
const replica = createRedisReplica(ioredis, { prefix: replicaPrefix, reader });
await replica.ready;
const memoryStores = () => ({
  subscriptions: createMemorySubscriptionStore([subscription]),
  revocations: createMemoryRevocationStore(),
  applications: createMemoryApplicationStore([application]),
});
const replicaStores = { subscriptions: replica.subscriptions, revocations: replica.revocations, applications: replica.applications };
const pairs = [
  ['no throttling', createValidator({ ...common, ...memoryStores() }), createValidator({ ...common, ...replicaStores })],
  [
    `throttled (memory limiter / leased Redis limiter, lease ${LEASE})`,
    createValidator({ ...common, ...memoryStores(), throttle: createThrottle({ tiers }) }),
    createValidator({ ...common, ...replicaStores, throttle: createThrottle({ tiers, limiter: createRedisRateLimiter(ioredis, { prefix: replicaPrefix, lease: LEASE }) }) }),
  ],
];
console.log(`\nvalidate through a replica (ioredis, reader connection; subscriptions, revocations, applications) against in-memory stores: ${ROUNDS} alternating rounds, medians over the rounds`);
for (const [label, inMemory, throughReplica] of pairs) {
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? [inMemory, throughReplica] : [throughReplica, inMemory];
    const [first, second] = [await sample(() => check(order[0])), await sample(() => check(order[1]))];
    rounds.push(r % 2 === 0 ? { memory: first, replica: second } : { memory: second, replica: first });
  }
  const row = (pick) => ({ median: median(rounds.map((x) => pick(x).median)), p99: median(rounds.map((x) => pick(x).p99)) });
  const mem = row((x) => x.memory);
  const rep = row((x) => x.replica);
  const ratio = (f) => median(rounds.map((x) => x.replica[f] / x.memory[f])).toFixed(2);
  console.log(`${`  ${label}`.padEnd(70)}`);
  console.log(`${'    in-memory stores'.padEnd(46)} median ${micros(mem.median)} µs   p99 ${micros(mem.p99)} µs`);
  console.log(`${'    replica stores'.padEnd(46)} median ${micros(rep.median)} µs   p99 ${micros(rep.p99)} µs   (${ratio('median')}x / ${ratio('p99')}x)`);
}

await replica.close();
reader.disconnect();
ioredis.disconnect();
await nodeRedis.close();
stop();
