// What a Redis-backed validation costs: `npm run bench` (or `npm run build && node bench/redis.bench.mjs`).
// Not part of `npm test`. Starts its own redis-server on a free loopback port (no persistence)
// unless REDIS_PORT points at one. Sequential calls, so each figure is one request's latency;
// "added" is the Redis figure minus the same validator over in-memory stores and limiter; both
// have the validation cache on (createValidationCache), so the signature is verified once.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { createMemoryRevocationStore, createMemorySubscriptionStore, createValidator } from 'keygate';
import { createThrottle, createValidationCache } from 'keygate/gateway';
import { generateKeyPair } from 'keygate/keys';
import { issueKey } from 'keygate/issue';
import { createRedisRateLimiter, createRedisRevocationStore, createRedisSubscriptionStore } from 'keygate/redis';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 5000);
const API = { name: 'Orders', context: '/orders', version: 'v1' };
const APP = 'bench-app';
// A tier that never runs out, so every call pays for a rate-limit check without being refused.
const tiers = { Bench: { requests: 1e9, periodSeconds: 60 } };
const subscription = { applicationUuid: APP, apiContext: API.context, apiVersion: API.version, tier: 'Bench' };

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function redisServer() {
  if (process.env.REDIS_PORT) return { port: Number(process.env.REDIS_PORT), stop: () => undefined };
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  process.on('exit', () => child.kill('SIGTERM')); // also when the bench itself fails
  child.on('error', () => {
    console.error('redis-server not found: install it (apt-get install redis-server) or set REDIS_PORT');
    process.exit(1);
  });
  const probe = new Redis({ port, host: '127.0.0.1', retryStrategy: () => 50 }); // queues the PING until it is up
  probe.on('error', () => undefined);
  await probe.ping();
  probe.disconnect();
  return { port, stop: () => child.kill('SIGTERM') };
}

async function measure(name, fn) {
  for (let i = 0; i < Math.min(500, ITERATIONS); i++) await fn(); // warm up (JIT, script cache, connections)
  const samples = new Float64Array(ITERATIONS);
  for (let i = 0; i < ITERATIONS; i++) {
    const t = performance.now();
    await fn();
    samples[i] = performance.now() - t;
  }
  samples.sort();
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] * 1000;
  const row = { name, median: at(0.5), p99: at(0.99) };
  console.log(`${name.padEnd(46)} median ${row.median.toFixed(0).padStart(6)} µs   p99 ${row.p99.toFixed(0).padStart(6)} µs`);
  return row;
}

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

ioredis.disconnect();
await nodeRedis.close();
stop();
