// What keygate's Node adapter adds to a cached validation, per call and without sockets, step by step:
// `npm run bench`, or `node bench/node-adapter.bench.mjs` after a build. Not part of `npm test`.
// bench/http.bench.mjs gives the cost inside a real server; this bench weighs the adapter's own steps
// (reading the request, hiding the key, the hand-over to next()) against `validate` called directly.
// Requests are plain objects shaped like an IncomingMessage (a real one costs about 20 µs to construct,
// which would bury the figures), built before each timed loop because hiding the key changes them.
import { cpus } from 'node:os';
import { createNodeMiddleware, hideNodeCredentials, readNodeRequest } from 'keygate/node';
import { cached, context, request } from './fixture.mjs';

const CALLS = Number(process.env.BENCH_CALLS ?? 10_000);
const ROUNDS = 7;
// autocannon and many clients send an IP literal as Host, which the validator's plain-path reading
// leaves to `new URL`; a name is what most clients behind DNS send.
const HOSTS = ['127.0.0.1:8080', 'api.example.com'];

const socket = { remoteAddress: context.clientIp };
const fresh = (host) => {
  const apikey = [...request.headers.apikey].join(''); // a string of its own, as a server hands over
  return {
    url: new URL(request.url).pathname,
    method: 'GET',
    headers: { host, apikey, referer: request.headers.referer, 'user-agent': 'bench' },
    rawHeaders: ['Host', host, 'apikey', apikey, 'Referer', request.headers.referer, 'User-Agent', 'bench'],
    socket,
  };
};
const expectOk = (result) => {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
};
const middleware = createNodeMiddleware(cached);
const response = { statusCode: 200, headersSent: false, setHeader() {}, end() {} };
const success = await cached.validate(readNodeRequest(fresh(HOSTS[0])).request, context);
expectOk(success);

const STEPS = {
  'validate({ url, headers }, { clientIp }) called directly': async (req) =>
    expectOk(await cached.validate({ url: req.url, headers: req.headers }, { clientIp: req.socket.remoteAddress })),
  'readNodeRequest(req)': async (req) => readNodeRequest(req),
  'validate(readNodeRequest(req))': async (req) => {
    const view = readNodeRequest(req);
    expectOk(await cached.validate(view.request, view.context));
  },
  'hideNodeCredentials(req)': async (req) => hideNodeCredentials(req, success.credential),
  'createNodeMiddleware, up to next()': (req) => new Promise((resolve, reject) => middleware(req, response, (error) => (error ? reject(error) : resolve()))),
};

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const times = new Map();
for (let round = 0; round < ROUNDS; round++) {
  // Subjects and hosts take turns within each round, so that machine drift lands on all of them.
  for (const host of HOSTS) {
    for (const [name, step] of Object.entries(STEPS)) {
      const requests = Array.from({ length: CALLS }, () => fresh(host));
      const start = performance.now();
      for (const req of requests) await step(req);
      const key = `${name}|${host}`;
      times.set(key, [...(times.get(key) ?? []), ((performance.now() - start) * 1000) / CALLS]);
    }
  }
}
const cell = (name, host) => median(times.get(`${name}|${host}`)).toFixed(2);
console.log(`
Node adapter steps, cache on: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; µs per call, median of ${ROUNDS} rounds of ${CALLS.toLocaleString('en-US')}

| step | ${HOSTS.map((host) => `Host: ${host}`).join(' | ')} |
|---|${HOSTS.map(() => '---:').join('|')}|
${Object.keys(STEPS)
  .map((name) => `| ${name} | ${HOSTS.map((host) => cell(name, host)).join(' | ')} |`)
  .join('\n')}
`);
