// keygate inside real HTTP servers: `npm run bench` (builds first), or after a build
//   node bench/http.bench.mjs [--duration SECONDS] [--rounds N] [--only ID,ID] [--json] [--cpu-prof-dir DIR]
// Not part of `npm test`. Requests per second of node:http, Express 5, Fastify 5, a bare Fetch handler and
// Hono 4 (both on @hono/node-server) answering a small JSON body, each with keygate and without, loaded by
// autocannon with 32 connections. Every server runs in a child process of its own (bench/http-servers.mjs),
// so it shares no event loop with the load generator, and every keygate subject is read against the same
// server without keygate loaded just before or after it.
//   --duration (or BENCH_HTTP_SECONDS): seconds of load per subject and round, default 3
//   --rounds (or BENCH_HTTP_ROUNDS): default 5    --only: subject ids (their baselines come along)
//   --json: machine-readable results only         --cpu-prof-dir: run the servers under `node --cpu-prof`
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { createRedisReplicaWriter } from 'keygate/redis';
import { API, APP } from './fixture.mjs';
import { redisServer } from './redis-server.mjs';

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: process.env.BENCH_HTTP_SECONDS ?? '3' },
    rounds: { type: 'string', default: process.env.BENCH_HTTP_ROUNDS ?? '5' },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
    'cpu-prof-dir': { type: 'string' },
  },
});
const SECONDS = Number(options.duration);
const ROUNDS = Number(options.rounds);
if (!(SECONDS > 0) || !(Number.isInteger(ROUNDS) && ROUNDS > 0)) throw new Error('--duration needs seconds > 0 and --rounds a whole number > 0');
const CONNECTIONS = 32;
// Before the first round each server gets this much load unmeasured, to warm its JIT.
const WARMUP_SECONDS = Math.min(1, SECONDS);

// The ids are those of bench/http-servers.mjs; a subject with a baseline is compared with it.
const SUBJECTS = [
  { id: 'node', name: 'node:http' },
  { id: 'node-spin', name: `node:http + ${process.env.KEYGATE_BENCH_SPIN_US ?? 5} µs of plain JavaScript (calibration)`, baseline: 'node' },
  { id: 'node-validate', name: 'node:http + validate() called directly', baseline: 'node' },
  { id: 'node-replica', name: 'node:http + validate(), replica stores (Redis)', baseline: 'node', redis: true },
  { id: 'node-middleware', name: 'node:http + createNodeMiddleware', baseline: 'node' },
  { id: 'node-middleware-uncached', name: 'node:http + createNodeMiddleware, cache off', baseline: 'node' },
  { id: 'node-jose', name: 'node:http + jose.jwtVerify + subscription check', baseline: 'node' },
  { id: 'express', name: 'Express 5' },
  { id: 'express-keygate', name: 'Express 5 + createNodeMiddleware', baseline: 'express' },
  { id: 'fastify', name: 'Fastify 5' },
  { id: 'fastify-keygate', name: 'Fastify 5 + createFastifyHook (onRequest)', baseline: 'fastify' },
  { id: 'fetch', name: 'fetch handler on @hono/node-server' },
  { id: 'fetch-keygate', name: 'withApiKey(fetch handler) on @hono/node-server', baseline: 'fetch' },
  { id: 'hono', name: 'Hono 4 on @hono/node-server' },
  { id: 'hono-keygate', name: 'Hono 4 + createHonoMiddleware', baseline: 'hono' },
];
function selectSubjects(only) {
  if (only === undefined) return SUBJECTS;
  const wanted = new Set(only.split(','));
  for (const id of wanted) if (!SUBJECTS.some((s) => s.id === id)) throw new Error(`--only: no subject ${id} (${SUBJECTS.map((s) => s.id).join(', ')})`);
  return SUBJECTS.filter((s) => wanted.has(s.id) || SUBJECTS.some((k) => wanted.has(k.id) && k.baseline === s.id));
}

/** A Redis with the fixture's subscription and application in a replica's tables, for the subjects that need one. */
async function benchRedis(subjects) {
  if (!subjects.some((s) => s.redis)) return { env: {}, stop: () => undefined };
  const server = await redisServer();
  const prefix = `bench-http:${Date.now()}:`;
  const client = new Redis({ port: server.port, host: '127.0.0.1' });
  const writer = createRedisReplicaWriter(client, { prefix });
  await writer.subscriptions.add({ applicationUuid: APP, apiContext: API.context, apiVersion: API.version, tier: 'Unlimited' });
  await writer.applications.add({ uuid: APP, id: 35, name: 'DefaultApplication', owner: 'kanchana', tier: 'Unlimited' });
  client.disconnect();
  return { env: { KEYGATE_BENCH_REDIS_PORT: String(server.port), KEYGATE_BENCH_PREFIX: prefix }, stop: server.stop };
}
const selected = selectSubjects(options.only);
const redis = await benchRedis(selected);

/** Forks the subject's server and resolves once it listens, with its port, path and API key. */
function start(subject) {
  const dir = options['cpu-prof-dir'];
  // A sample every 100 µs rather than every 1,000: enough of them in a few seconds to rank small costs.
  const profile = ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${subject.id}.cpuprofile`, '--cpu-prof-interval=100'];
  const execArgv = dir === undefined ? [] : profile;
  const env = { ...process.env, ...redis.env };
  const child = fork(new URL('./http-servers.mjs', import.meta.url), [subject.id], { execArgv, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (ready) => resolve({ ...subject, ...ready, child }));
    child.once('exit', (code) => reject(new Error(`the ${subject.id} server exited (${code}) before it listened`)));
  });
}
/** Lets a server go (it exits when its IPC channel closes, writing its CPU profile if it has one). */
const stop = ({ child }) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve).disconnect() : resolve()));

// CPU time of a process, all its threads, in ms from /proc (Linux; elsewhere undefined): user time is
// JavaScript and WebCrypto, system time mostly the loopback TCP writes. A server's CPU per request reads
// steadier than its requests per second on a shared machine.
const TICK_MS = 10;
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { user: Number(fields[11]) * TICK_MS, sys: Number(fields[12]) * TICK_MS };
  } catch {
    return undefined;
  }
}

/** Loads one server for `seconds`; every answer must be a 2xx, or the figure would not be keygate's. */
async function load(server, seconds) {
  const cpuBefore = cpuMs(server.child.pid);
  const loaderBefore = process.cpuUsage();
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}${server.path}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { apikey: server.apiKey },
  });
  const loader = process.cpuUsage(loaderBefore);
  const cpuAfter = cpuMs(server.child.pid);
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(`${server.name}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  const answered = result['2xx'];
  const wallMs = result.duration * 1000;
  const perRequest = (ms) => (ms * 1000) / answered;
  const cpu = cpuBefore && cpuAfter && { user: cpuAfter.user - cpuBefore.user, sys: cpuAfter.sys - cpuBefore.sys };
  return {
    rps: answered / result.duration,
    cpuUsPerRequest: cpu && { user: perRequest(cpu.user), sys: perRequest(cpu.sys), total: perRequest(cpu.user + cpu.sys) },
    busy: cpu && (cpu.user + cpu.sys) / wallMs,
    // How busy autocannon kept its own core: near 100%, the load generator and not the server sets the pace.
    loaderBusy: (loader.user + loader.system) / 1000 / wallMs,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
  };
}

const servers = await Promise.all(selected.map(start));
for (const server of servers) await load(server, WARMUP_SECONDS);
const byId = Object.fromEntries(servers.map((server) => [server.id, server]));
const paired = servers.filter((server) => server.baseline !== undefined);
const unpaired = servers.filter((server) => server.baseline === undefined && !paired.some((p) => p.baseline === server.id));
// Each keygate subject is loaded right next to its own baseline (a baseline is loaded again for each
// of its subjects), so that the machine's drift, large on a shared machine, lands on both alike; the
// pair's order alternates from pair to pair and round to round, and every other round runs backwards.
// `round[id]` is a subject's load, `round.baselineOf[id]` its baseline's load beside it, and a
// baseline's own row reads the load of its with the median requests per second in the round.
const rounds = [];
for (let r = 0; r < ROUNDS; r++) {
  const round = { baselineOf: {} };
  const loadsOf = {};
  const pairs = r % 2 === 0 ? paired : [...paired].reverse();
  for (const [i, subject] of pairs.entries()) {
    const baseline = byId[subject.baseline];
    for (const server of (r + i) % 2 === 0 ? [baseline, subject] : [subject, baseline]) {
      const measured = await load(server, SECONDS);
      (loadsOf[server.id] ??= []).push(measured);
      if (server === baseline) round.baselineOf[subject.id] = measured;
    }
  }
  for (const server of unpaired) loadsOf[server.id] = [await load(server, SECONDS)];
  for (const [id, loads] of Object.entries(loadsOf)) round[id] = [...loads].sort((a, b) => a.rps - b.rps)[(loads.length - 1) >> 1];
  rounds.push(round);
}
await Promise.all(servers.map(stop));
redis.stop();

// ---------- summary ----------
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
/** Median, min and max over the rounds of a figure, or undefined when a round lacks it. */
function spread(figure) {
  const values = rounds.map(figure);
  return values.includes(undefined) ? undefined : { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}
const cpuOf = (round, id, part) => round[id].cpuUsPerRequest?.[part];
/** The server's CPU per request (`total`, `user` or `sys`) minus its baseline's, in each round. */
const addedCpu = (id, part) => (round) => {
  const own = cpuOf(round, id, part);
  const base = round.baselineOf[id].cpuUsPerRequest?.[part];
  return own === undefined || base === undefined ? undefined : own - base;
};
// Ratios and added CPU are taken within each pair (a subject and its baseline beside it), then their median over the rounds.
const results = servers.map(({ id, name, baseline }) => ({
  id,
  name,
  baseline: baseline ?? null,
  reqPerSec: spread((round) => round[id].rps),
  vsBaseline: baseline === undefined ? null : spread((round) => round[id].rps / round.baselineOf[id].rps),
  serverCpuUsPerRequest: Object.fromEntries(['total', 'user', 'sys'].map((part) => [part, spread((round) => cpuOf(round, id, part)) ?? null])),
  addedCpuUsPerRequest: baseline === undefined ? null : Object.fromEntries(['total', 'user'].map((part) => [part, spread(addedCpu(id, part)) ?? null])),
  serverBusy: spread((round) => round[id].busy)?.median ?? null,
  loaderBusy: spread((round) => round[id].loaderBusy).median,
  latencyMs: { p50: median(rounds.map((round) => round[id].latencyMs.p50)), p99: median(rounds.map((round) => round[id].latencyMs.p99)) },
}));

const version = (name) => {
  try {
    return JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
  } catch {
    return '?';
  }
};
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown CPU',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}/${process.arch}`,
};
const packages = Object.fromEntries(['autocannon', 'express', 'fastify', 'hono', '@hono/node-server', 'jose'].map((name) => [name, version(name)]));
const command = `node bench/http.bench.mjs${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`;

if (options.json) {
  console.log(JSON.stringify({ machine, packages, command, load: { connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, warmupSeconds: WARMUP_SECONDS }, results, rounds }, null, 2));
} else {
  const fmt = (n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const range = (s, digits = 0, unit = '') => (s ? `${fmt(s.min, digits)}${unit}–${fmt(s.max, digits)}${unit}` : 'n/a');
  const ratio = (s) => (s ? `${fmt(s.median, 2)}× (${range(s, 2, '×')})` : '');
  const micros = (s) => (s ? fmt(s.median, 1) : 'n/a');
  const percent = (share) => (share === null ? 'n/a' : `${fmt(share * 100)}%`);
  const rows = results.map((r) => {
    const cpu = r.serverCpuUsPerRequest;
    const added = r.addedCpuUsPerRequest;
    const cells = [
      r.name,
      fmt(r.reqPerSec.median),
      range(r.reqPerSec),
      ratio(r.vsBaseline),
      cpu.total ? `${micros(cpu.total)} = ${micros(cpu.user)} + ${micros(cpu.sys)}` : 'n/a',
      added ? `${micros(added.total)} (${micros(added.user)})` : '',
      percent(r.serverBusy),
      percent(r.loaderBusy),
      `${fmt(r.latencyMs.p50)} / ${fmt(r.latencyMs.p99)}`,
    ];
    return `| ${cells.join(' | ')} |`;
  });
  const versions = Object.entries(packages).map(([name, v]) => `${name} ${v}`).join(', ');
  console.log(`
Machine: ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}
Load: autocannon, ${CONNECTIONS} connections, ${SECONDS} s per subject and round, ${ROUNDS} round${ROUNDS === 1 ? '' : 's'} (medians; spread = min–max over the rounds)
Packages: ${versions}
Command: ${command}

| subject | req/s | spread | vs own baseline | server CPU µs/req = user + sys | added CPU µs/req (user) | server busy | autocannon busy | latency p50 / p99 ms |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
`);
}
