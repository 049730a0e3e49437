// What keygate's Fetch adapters add on @hono/node-server, per request and without sockets: `npm run bench`,
// or `node bench/fetch-adapter.bench.mjs` after a build. Not part of `npm test`.
// bench/http.bench.mjs gives the cost inside a real server, but on a two-core machine shared with the load
// generator its ratios move by ±0.2 from round to round. Here @hono/node-server's own request listener is
// called with a Node request and response built in memory (no parser, no socket), so the figures are the
// JavaScript of the server and of keygate alone, steady to a few percent. An `async` handler without keygate
// shows what @hono/node-server charges for an answer that is a promise: it then leaves its synchronous path.
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { cpus } from 'node:os';
import { Writable } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { withApiKey } from 'keygate/fetch';
import { createHonoMiddleware } from 'keygate/hono';
import { issueKey } from 'keygate/issue';
import { API, APP, cached, privateKey } from './fixture.mjs';

const CALLS = Number(process.env.BENCH_CALLS ?? 2_000);
const ROUNDS = 21;
const PATH = `${API.context}/${API.version}/menu`;
const BODY = { pizzas: ['margherita', 'diavola', 'quattro formaggi'] };
// As bench/http-servers.mjs: restricted to nothing but its subscription.
const apiKey = await issueKey({ signingKey: privateKey, subject: 'kanchana', application: { uuid: APP, id: 35, name: 'DefaultApplication', tier: 'Unlimited' } });

/** A GET as Node's parser would hand it over (headers set from rawHeaders), from 127.0.0.1. */
function nodeRequest(withKey) {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: '127.0.0.1' });
  const req = new IncomingMessage(socket);
  req.method = 'GET';
  req.url = PATH;
  req.rawHeaders = ['Host', '127.0.0.1:8080', 'User-Agent', 'bench', ...(withKey ? ['apikey', apiKey] : [])];
  req.headers = Object.fromEntries(Array.from({ length: req.rawHeaders.length / 2 }, (_, i) => [req.rawHeaders[2 * i].toLowerCase(), req.rawHeaders[2 * i + 1]]));
  req.complete = true;
  req.push(null);
  return req;
}
/** A response whose bytes go nowhere. */
function nodeResponse(req) {
  const res = new ServerResponse(req);
  res.assignSocket(new Writable({ write: (_chunk, _encoding, done) => done() }));
  return res;
}

const answer = () => Response.json(BODY);
const SUBJECTS = [
  { name: 'fetch handler', listener: getRequestListener(answer) },
  { name: 'async fetch handler (no keygate)', listener: getRequestListener(async () => answer()), baseline: 'fetch handler' },
  { name: 'withApiKey(fetch handler)', listener: getRequestListener(withApiKey(cached, answer)), key: true, baseline: 'fetch handler' },
  { name: 'Hono 4', listener: getRequestListener(new Hono().get(PATH, (c) => c.json(BODY)).fetch) },
  {
    name: 'Hono 4 + createHonoMiddleware',
    listener: getRequestListener(new Hono().use(`${API.context}/*`, createHonoMiddleware(cached)).get(PATH, (c) => c.json(BODY)).fetch),
    key: true,
    baseline: 'Hono 4',
  },
];

async function serveOne({ listener, key = false }) {
  const req = nodeRequest(key);
  const res = nodeResponse(req);
  const finished = new Promise((resolve) => res.once('finish', resolve));
  await listener(req, res);
  await finished;
  if (res.statusCode !== 200) throw new Error(`answered ${res.statusCode}`);
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const times = new Map(SUBJECTS.map((s) => [s.name, []]));
for (const subject of SUBJECTS) for (let i = 0; i < 500; i++) await serveOne(subject); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  // Subjects take turns within each round, every other round backwards, so that drift lands on all.
  for (const subject of round % 2 === 0 ? SUBJECTS : [...SUBJECTS].reverse()) {
    const start = performance.now();
    for (let i = 0; i < CALLS; i++) await serveOne(subject);
    times.get(subject.name).push(((performance.now() - start) * 1000) / CALLS);
  }
}
const us = (name) => median(times.get(name));
const rows = SUBJECTS.map(({ name, baseline }) => {
  if (baseline === undefined) return `| ${name} | ${us(name).toFixed(2)} | | |`;
  // Within each round, then the median: the subject against its baseline of the same round.
  const added = median(times.get(name).map((t, i) => t - times.get(baseline)[i]));
  const ratio = median(times.get(name).map((t, i) => times.get(baseline)[i] / t));
  return `| ${name} | ${us(name).toFixed(2)} | ${added.toFixed(2)} | ${ratio.toFixed(2)}× |`;
});
console.log(`
Fetch adapters on @hono/node-server, in memory (no sockets), cache on: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}
µs per request, median of ${ROUNDS} rounds of ${CALLS.toLocaleString('en-US')}; added and ratio against the same server without keygate, round by round

| server | µs per request | added µs | requests/s vs without keygate |
|---|---:|---:|---:|
${rows.join('\n')}
`);
