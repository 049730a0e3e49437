// keygate benchmark: `npm run bench` (builds first). Not part of `npm test`. After a build, the same script
// runs under Bun (`npx bun bench/validate.bench.mjs`) and Deno (`npx deno run -A bench/validate.bench.mjs`).
// Compares, in one process and one run, on the same 2048-bit RS256 key and the same realistic API key
// (IP + referrer restricted, memory subscription store):
//   1. crypto.subtle.verify of the signature alone (the floor)
//   2. jose.jwtVerify + the same subscription / IP / referrer checks written plainly
//   3. keygate validate, cache off        4. keygate validate, cache on        5. keygate issueKey
//   6. keygate validate, cache on, with the data model (an application store and the API's resources)
// each sequentially (latency median / p99, throughput) and with 64 calls in flight (throughput, in
// rounds that alternate the subjects).
import { Buffer } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import * as jose from 'jose';
import { Bench } from 'tinybench';
import { issueKey } from 'keygate/issue';
import { compileIpAllowList, compileReferrerPatterns } from 'keygate/restrict';
import { API, APP, apiKey, cached, cachedModel, context, nextRequest, privateKey, publicKey, uncached } from './fixture.mjs';

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 2000);
const IN_FLIGHT = 64;

// 1. the floor: one WebCrypto RSA verification over the same bytes
const dot = apiKey.lastIndexOf('.');
const signingInput = new TextEncoder().encode(apiKey.slice(0, dot));
const signature = Buffer.from(apiKey.slice(dot + 1), 'base64url');
const rsa = { name: 'RSASSA-PKCS1-v1_5' };
const floor = () => crypto.subtle.verify(rsa, publicKey.cryptoKey, signature, signingInput);

// 2. what users would otherwise write: jose + plain checks
const plainSubs = new Map([[`${APP}|${API.context}|${API.version}`, { status: 'UNBLOCKED' }]]);
function ipv4ToInt(ip) {
  const p = ip.split('.').map(Number);
  return p.length === 4 && p.every((n) => Number.isInteger(n) && n >= 0 && n <= 255) ? ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0 : undefined;
}
function plainIpAllowed(ip, list) {
  const addr = ipv4ToInt(ip);
  return list.split(',').some((entry) => {
    const [base, bits = '32'] = entry.split('/');
    const b = ipv4ToInt(base);
    if (addr === undefined || b === undefined) return entry === ip;
    const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
    return ((addr & mask) >>> 0) === ((b & mask) >>> 0);
  });
}
function plainReferrerAllowed(referrer, list) {
  const u = new URL(referrer);
  const target = u.host + u.pathname;
  return list.split(',').some((p) => {
    if (p.startsWith('*.')) {
      const [host, ...path] = p.slice(2).split('/');
      return u.host.endsWith(`.${host}`) && (path.join('/') === '*' || u.pathname === `/${path.join('/')}`);
    }
    return p.endsWith('/*') ? target.startsWith(p.slice(0, -1)) : target === p;
  });
}
async function joseWithChecks() {
  const req = nextRequest();
  const { payload } = await jose.jwtVerify(req.headers.apikey, publicKey.cryptoKey, { algorithms: ['RS256'] });
  if (payload.token_type !== 'apiKey') throw new Error('not an api key');
  const sub = plainSubs.get(`${payload.application.uuid}|${API.context}|${API.version}`);
  if (!sub || sub.status !== 'UNBLOCKED') throw new Error('not subscribed');
  if (payload.permittedIP && !plainIpAllowed(context.clientIp, payload.permittedIP)) throw new Error('ip');
  if (payload.permittedReferer && !plainReferrerAllowed(req.headers.referer, payload.permittedReferer)) throw new Error('referrer');
  return payload;
}
await joseWithChecks();

const subjects = {
  'subtle.verify (floor)': floor,
  'jose.jwtVerify + checks': joseWithChecks,
  'keygate validate, cache off': () => uncached.validate(nextRequest(), context),
  'keygate validate, cache on': () => cached.validate(nextRequest(), context),
  'keygate issueKey': () => issueKey({ signingKey: privateKey, application: { uuid: APP } }),
  'keygate validate, cache on, applications + resources': () => cachedModel.validate(nextRequest(), context),
};

// ---------- sequential: latency and throughput ----------
const seq = new Bench({ time: TIME_MS, warmupTime: 300 });
// tinybench 2.x result fields: hz (ops/s), mean/p50/p99 in milliseconds.
for (const [name, fn] of Object.entries(subjects)) seq.add(name, fn);
await seq.run();

// ---------- 64 in flight: throughput ----------
// The subjects take turns in ROUNDS short rounds rather than one long run each, so that a change in
// the shared machine's speed lands on all of them; each figure is the median over the rounds, and
// each ratio the median of the ratios within a round.
const ROUNDS = 5;
// CPU time of this process's threads in ms, main thread apart (Linux /proc; elsewhere undefined).
// On a machine with few cores the in-flight ratio follows total CPU per call.
const TICK_MS = 10;
function threadCpu() {
  try {
    let main = 0;
    let others = 0;
    for (const tid of readdirSync('/proc/self/task')) {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
      if (Number(tid) === process.pid) main += ms;
      else others += ms;
    }
    return { main, others };
  } catch {
    return undefined;
  }
}
async function inFlight(fn, ms) {
  const deadline = performance.now() + ms;
  let done = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await fn();
      done++;
    }
  };
  const start = performance.now();
  // How busy the main thread was: WebCrypto verifies on libuv's threads, everything else
  // (keygate, jose, Node's own job dispatch) runs here. Near 100% means the main thread bounds it.
  // (Node only: Deno and Bun have no eventLoopUtilization, and their column reads n/a.)
  const loop = performance.eventLoopUtilization?.();
  const cpu = threadCpu();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const after = threadCpu();
  const perCall = (a, b) => ((b - a) * 1000) / done;
  return {
    hz: (done * 1000) / (performance.now() - start),
    busy: loop && performance.eventLoopUtilization(loop).utilization,
    cpu: cpu && after ? { main: perCall(cpu.main, after.main), others: perCall(cpu.others, after.others) } : undefined,
  };
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rounds = [];
for (const fn of Object.values(subjects)) for (let i = 0; i < 3; i++) await fn(); // warm up
for (let r = 0; r < ROUNDS; r++) {
  const round = {};
  for (const [name, fn] of Object.entries(subjects)) round[name] = await inFlight(fn, TIME_MS / ROUNDS);
  rounds.push(round);
}
const parallel = {};
const mainBusy = {};
const cpuPerCall = {};
for (const name of Object.keys(subjects)) {
  parallel[name] = median(rounds.map((round) => round[name].hz));
  mainBusy[name] = rounds[0][name].busy === undefined ? undefined : median(rounds.map((round) => round[name].busy));
  const cpu = rounds.map((round) => round[name].cpu).filter((c) => c !== undefined);
  if (cpu.length > 0) cpuPerCall[name] = { main: median(cpu.map((c) => c.main)), others: median(cpu.map((c) => c.others)) };
}
/** Median over the rounds of `a`'s in-flight throughput divided by `b`'s in the same round. */
const inFlightRatio = (a, b) => median(rounds.map((round) => round[a].hz / round[b].hz));

// ---------- matchers ----------
const ipList = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `10.${(i >> 8) & 255}.${i & 255}.0/24` : `2001:db8:${i.toString(16)}::/48`));
const refList = Array.from({ length: 100 }, (_, i) => (i % 2 ? `*.site${i}.example.com/*` : `www.site${i}.example.org/app/*`));
// Compiled once, as the validator does per claim value (ipMatches(ip, list) also caches, keyed by the list's text).
const ipAllow = compileIpAllowList(ipList);
const refAllow = compileReferrerPatterns(refList);
const probes = ['10.3.231.9', '2001:db8:3e7::1', '192.0.2.1', '::ffff:10.1.1.1'];
const match = new Bench({ time: TIME_MS, warmupTime: 300 });
let sink = 0;
match.add('ipMatches, 1,000 entries', () => {
  for (const p of probes) sink += ipAllow.matches(p) ? 1 : 0;
});
match.add('referrerMatches, 100 patterns', () => {
  sink += refAllow.matches('https://a.b.site99.example.com/page?q=1') ? 1 : 0;
});
await match.run();

// ---------- report ----------
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const hz = (t) => t.result.hz;
const p50 = (t) => t.result.samples.sort((a, b) => a - b)[Math.floor(t.result.samples.length / 2)];
const floorSeq = hz(seq.tasks[0]);
const FLOOR = 'subtle.verify (floor)';
const rows = seq.tasks.map((t) => {
  const r = t.result;
  const par = parallel[t.name];
  const vs = t.name.startsWith('keygate issueKey') || t.name.includes('floor') ? ' | ' : `${fmt(hz(t) / floorSeq, 2)}× | ${fmt(inFlightRatio(t.name, FLOOR), 2)}×`;
  const busy = mainBusy[t.name] === undefined ? 'n/a' : `${fmt(mainBusy[t.name] * 100)}%`;
  const cpu = cpuPerCall[t.name];
  const cpuCells = cpu ? `${fmt(cpu.main, 1)} | ${fmt(cpu.others, 1)}` : 'n/a | n/a';
  return `| ${t.name} | ${fmt(p50(t) * 1000, 1)} | ${fmt(r.p99 * 1000, 1)} | ${fmt(hz(t))} | ${fmt(par)} | ${busy} | ${cpuCells} | ${vs} |`;
});
const matchRows = match.tasks.map((t) => {
  const perCall = t.name.startsWith('ipMatches') ? probes.length : 1;
  return `| ${t.name} | ${fmt((p50(t) * 1e6) / perCall, 0)} ns | ${fmt(hz(t) * perCall)} checks/s |`;
});
const cpu = cpus()[0];
// The same script runs under Deno (`npx deno run -A`) and Bun (`npx bun`), which report their own versions.
const runtime = globalThis.Bun ? `Bun ${globalThis.Bun.version}` : globalThis.Deno ? `Deno ${globalThis.Deno.version.deno}` : `Node ${process.version}`;
const command = globalThis.Bun ? 'npx bun bench/validate.bench.mjs' : globalThis.Deno ? 'npx deno run -A bench/validate.bench.mjs' : 'npm run bench';
console.log(`
Machine: ${cpus().length} × ${cpu?.model ?? 'unknown CPU'}, ${fmt(totalmem() / 2 ** 30, 0)} GiB, ${runtime}, ${process.platform}/${process.arch}
Command: ${command} (BENCH_TIME_MS=${TIME_MS} per task)

| subject | p50 µs | p99 µs | sequential ops/s | ${IN_FLIGHT} in flight ops/s | main thread busy (${IN_FLIGHT} in flight) | CPU µs per call, main thread | CPU µs per call, other threads | vs floor, sequential | vs floor, ${IN_FLIGHT} in flight |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

| matcher | median per check | throughput |
|---|---:|---:|
${matchRows.join('\n')}
`);
const perRound = (a, b) => rounds.map((round) => fmt(round[a].hz / round[b].hz, 2)).join(', ');
// The data model's cost on the cached path: p50 against p50 (the means carry the machine's noise), and
// per in-flight round. The model's validator runs on its own copy of the code (see fixture.mjs).
const MODEL = 'keygate validate, cache on, applications + resources';
const modelTask = seq.tasks.find((t) => t.name === MODEL);
const modelRatio = p50(modelTask) / p50(seq.tasks[3]);
console.log(`cache on with applications + resources vs cache on: p50 ${fmt(p50(modelTask) * 1000, 2)} µs vs ${fmt(p50(seq.tasks[3]) * 1000, 2)} µs (${fmt(modelRatio, 2)}×); ${IN_FLIGHT} in flight, round by round: ${perRound('keygate validate, cache on', MODEL)}× faster without`);
console.log(`cache off vs floor, ${IN_FLIGHT} in flight, round by round: ${perRound('keygate validate, cache off', FLOOR)}`);
console.log(`cache off vs jose + checks, ${IN_FLIGHT} in flight, round by round: ${perRound('keygate validate, cache off', 'jose.jwtVerify + checks')}\n`);
// The ratio to the bare subtle.verify floor is reported (above), not a target: the uncached target is jose.
console.log(`REPORT cache off, ${IN_FLIGHT} in flight vs floor: ${fmt(inFlightRatio('keygate validate, cache off', FLOOR), 2)}×`);
const gate = {
  'cache off, 64 in flight ≥ 1.3 × jose + checks': inFlightRatio('keygate validate, cache off', 'jose.jwtVerify + checks') >= 1.3,
  'cache on ≥ 20 × floor (sequential)': hz(seq.tasks[3]) / floorSeq >= 20,
  'cache on with applications + resources within 15 % of cache on (p50)': modelRatio <= 1.15,
  'ipMatches ≥ 1,000,000 checks/s': hz(match.tasks[0]) * probes.length >= 1e6,
};
for (const [target, met] of Object.entries(gate)) console.log(`${met ? 'MET   ' : 'MISSED'} ${target}`);
if (sink < 0) console.log(sink);
