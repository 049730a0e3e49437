// What throttling costs per call: `npm run bench` (or `npm run build && node bench/throttle.bench.mjs`).
// Not part of `npm test`. 1. In memory: validate (cache on, in-memory stores, an application store and
// resources) with a call counted at one level (the subscription tier) against one counted at four (API-level
// policy, resource, subscription and application tiers), each validator on its own copy of the built package
// (one gateway process runs one validator), in alternating rounds: the ratio of medians is the target
// (≤ 1.3). 2. With Redis: the exact limiter at one and at four levels, counting the commands sent (one
// round trip per call whatever the number of levels). BENCH_ITERATIONS (default 20000), BENCH_ROUNDS (7).
import { cpus, loadavg } from 'node:os';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { generateKeyPair } from 'keygate/keys';
import { issueKey } from 'keygate/issue';
import { redisServer, sampleLatency } from './redis-server.mjs';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const APP = 'bench-app';
const API = { name: 'Orders', context: '/orders', version: 'v1' };
// Tiers that never run out: every call pays for its counting, none is refused.
const tiers = { Huge: { requests: 1e9, periodSeconds: 60 } };

const { privateKey, publicKey } = await generateKeyPair({ alg: 'ES256' });
const apiKey = await issueKey({ signingKey: privateKey, application: { uuid: APP, id: 1 }, subject: 'ana', validityPeriod: 3600 });
const request = { url: 'http://gw.local/orders/v1/items/42', headers: { apikey: apiKey } };

/** A copy of the built package, so that each validator runs its own code (as one gateway process does). */
async function ownCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'keygate-bench-'));
  cpSync(new URL('../dist/', import.meta.url), dir, { recursive: true });
  const load = (entry) => import(pathToFileURL(join(dir, `${entry}.js`)).href);
  const [core, gateway, redis] = await Promise.all([load('index'), load('gateway'), load('redis')]);
  return { core, gateway, redis };
}

/** A validator counting every call at `levels` levels (1: subscription; 4: API, resource, subscription, application). */
async function throttledValidator(levels, limiter) {
  const { core, gateway } = await ownCopy();
  const four = levels === 4;
  return core.createValidator({
    keys: [publicKey],
    subscriptions: core.createMemorySubscriptionStore([{ applicationUuid: APP, apiContext: API.context, apiVersion: API.version, tier: 'Huge' }]),
    applications: gateway.createMemoryApplicationStore([{ uuid: APP, id: 1, name: 'Bench', tier: four ? 'Huge' : 'Unlimited' }]),
    apis: [{ ...API, ...(four ? { tier: 'Huge' } : {}), resources: [{ path: '/items/{id}', methods: ['GET'], ...(four ? { tier: 'Huge' } : {}) }] }],
    resources: gateway.createResourceMatcher(),
    cache: gateway.createValidationCache(),
    throttle: gateway.createThrottle({ tiers, ...(limiter === undefined ? {} : { limiter: limiter(gateway) }) }),
  });
}

// Warm-up: JIT, caches, connections.
const sample = (fn, iterations) => sampleLatency(fn, iterations, Math.min(2000, iterations));
const check = (validator, levels) => async () => {
  const r = await validator.validate(request);
  if (!r.ok || (r.rateLimits?.length ?? 0) !== levels) throw new Error(`bench call not counted at ${levels} levels: ${r.ok ? r.rateLimits?.length : r.reason}`);
};
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const us = (n) => n.toFixed(2).padStart(6);

console.log(`keygate throttling; node ${process.version}; ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

// ---------- 1. in memory: four levels against one ----------
const one = check(await throttledValidator(1), 1);
const four = check(await throttledValidator(4), 4);
const rounds = [];
for (let r = 0; r < ROUNDS; r++) {
  const [a, b] = r % 2 === 0 ? [one, four] : [four, one];
  const first = await sample(a, ITERATIONS);
  const second = await sample(b, ITERATIONS);
  rounds.push(r % 2 === 0 ? { one: first, four: second } : { one: second, four: first });
}
const ratio = (f) => median(rounds.map((x) => x.four[f] / x.one[f]));
console.log(`\nin memory, ${ROUNDS} alternating rounds of ${ITERATIONS} sequential calls (validate, cache on), medians over the rounds:`);
console.log(`  counted at 1 level  (subscription)                        median ${us(median(rounds.map((x) => x.one.median)))} µs   p99 ${us(median(rounds.map((x) => x.one.p99)))} µs`);
console.log(`  counted at 4 levels (API, resource, subscription, app)     median ${us(median(rounds.map((x) => x.four.median)))} µs   p99 ${us(median(rounds.map((x) => x.four.p99)))} µs`);
console.log(`  4 levels / 1 level: ${ratio('median').toFixed(2)}x median, ${ratio('p99').toFixed(2)}x p99 (target: median ≤ 1.30x)`);

// ---------- 2. Redis: one round trip per call, whatever the number of levels ----------
const { port, stop } = await redisServer();
const client = new Redis({ port, host: '127.0.0.1' });
const sent = new Map();
// The client keygate is handed counts what it sends (ioredis's `call`): one command is one round trip.
const counting = { call: (command, ...args) => (sent.set(command, (sent.get(command) ?? 0) + 1), client.call(command, ...args)) };
const prefix = `bench-throttle:${Date.now()}:`;
const REDIS_CALLS = Math.min(ITERATIONS, 5000);
console.log(`\nRedis ${(await client.info('server')).match(/redis_version:(\S+)/)?.[1]} on loopback, exact limiter, ${REDIS_CALLS} sequential calls each:`);
const { redis } = await ownCopy();
for (const levels of [1, 4]) {
  const validator = await throttledValidator(levels, () => redis.createRedisRateLimiter(counting, { prefix }));
  sent.clear();
  const row = await sample(check(validator, levels), REDIS_CALLS);
  const commands = [...sent.values()].reduce((a, b) => a + b, 0);
  const calls = REDIS_CALLS + Math.min(2000, REDIS_CALLS); // with the warm-up
  console.log(`  ${levels} level${levels === 1 ? ' ' : 's'}: median ${us(row.median)} µs   p99 ${us(row.p99)} µs   ${(commands / calls).toFixed(3)} commands per call (${[...sent].map(([c, n]) => `${c} ${n}`).join(', ')})`);
}
client.disconnect();
stop();
