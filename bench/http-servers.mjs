// The servers bench/http.bench.mjs loads, one per child process: `node bench/http-servers.mjs SUBJECT`.
// Each listens on a free loopback port and answers GET /pizzashack/1.0.0/menu with the same small JSON
// body; the keygate subjects first check the API key in the `apikey` header (RSA-2048, the validators
// and memory subscription store of bench/fixture.mjs, so cache on unless said otherwise).
// Forked by the bench, it tells the parent its port and the key to send over IPC; run alone (for example
// under `node --cpu-prof`) it prints them. It leaves through process.exit when the parent goes, or on
// SIGTERM / SIGINT, so that --cpu-prof gets to write its profile.
import { createServer } from 'node:http';
import { serve } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import * as jose from 'jose';
import { Redis } from 'ioredis';
import { createValidator } from 'keygate';
import { withApiKey } from 'keygate/fetch';
import { createValidationCache } from 'keygate/gateway';
import { createHonoMiddleware } from 'keygate/hono';
import { issueKey } from 'keygate/issue';
import { createFastifyHook, createNodeMiddleware } from 'keygate/node';
import { createRedisReplica } from 'keygate/redis';
import { createRestrictions } from 'keygate/restrict';
import { API, APP, cached, privateKey, publicKey, uncached } from './fixture.mjs';

const PATH = `${API.context}/${API.version}/menu`;
const BODY = { pizzas: ['margherita', 'diavola', 'quattro formaggi'] };
const HOST = '127.0.0.1';

// The fixture's own key is IP and referrer restricted (the load comes from 127.0.0.1 without a Referer):
// this one, from the same signing key, is restricted to nothing but its subscription.
const apiKey = await issueKey({
  signingKey: privateKey,
  subject: 'kanchana',
  application: { uuid: APP, id: 35, name: 'DefaultApplication', tier: 'Unlimited' },
});

function sendJson(res) {
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(BODY));
}
function sendStatus(res, status) {
  res.statusCode = status;
  res.end();
}
/** A bare node:http server whose handler runs after `guard(req, res, next)`, the way docs/frameworks.md shows. */
const nodeGuarded = (guard) => (req, res) => guard(req, res, (error) => (error ? sendStatus(res, 500) : sendJson(res)));
const listenNode = (handler) =>
  new Promise((resolve) => {
    const server = createServer(handler).listen(0, HOST, () => resolve(server.address().port));
  });
const listenFetch = (fetch) => new Promise((resolve) => serve({ fetch, port: 0, hostname: HOST }, (info) => resolve(info.port)));

// What users would otherwise write: jose plus the same subscription check, as a plain Map lookup.
const subscribed = new Set([`${APP}|${API.context}|${API.version}`]);
async function joseGuard(req, res, next) {
  try {
    const { payload } = await jose.jwtVerify(String(req.headers.apikey), publicKey.cryptoKey, { algorithms: ['RS256'] });
    if (payload.token_type !== 'apiKey' || !subscribed.has(`${payload.application?.uuid}|${API.context}|${API.version}`)) return sendStatus(res, 403);
  } catch {
    return sendStatus(res, 401);
  }
  next();
}

function expressApp(middleware) {
  const app = express();
  if (middleware) app.use(middleware);
  app.get(PATH, (req, res) => res.json(BODY));
  return listenNode(app);
}

async function fastifyApp(hook) {
  const app = Fastify();
  if (hook) {
    app.decorateRequest('apiKey', undefined);
    app.addHook('onRequest', hook);
  }
  app.get(PATH, async () => BODY);
  await app.listen({ port: 0, host: HOST });
  return app.server.address().port;
}

function honoApp(withGuard) {
  const app = new Hono();
  if (withGuard) app.use(`${API.context}/*`, createHonoMiddleware(cached));
  app.get(PATH, (c) => c.json(BODY));
  return listenFetch(app.fetch);
}

const fetchHandler = () => Response.json(BODY);

/**
 * The fixture's cached validator, its stores a replica of the subscriptions, applications and revocations the
 * bench wrote to the Redis on KEYGATE_BENCH_REDIS_PORT under KEYGATE_BENCH_PREFIX (bench/http.bench.mjs starts
 * it and writes them).
 */
async function replicaValidator() {
  const client = new Redis({ port: Number(process.env.KEYGATE_BENCH_REDIS_PORT), host: HOST });
  const replica = createRedisReplica(client, { prefix: process.env.KEYGATE_BENCH_PREFIX, reader: client.duplicate() });
  await replica.ready;
  return createValidator({
    keys: [publicKey],
    apis: [API],
    subscriptions: replica.subscriptions,
    revocations: replica.revocations,
    applications: replica.applications,
    restrictions: createRestrictions(),
    cache: createValidationCache({ maxEntries: 10_000 }),
  });
}
/** node:http with `validate()` called directly, as the `node-validate` subject. */
const nodeValidated = (validator) => async (req, res) => {
  const result = await validator.validate({ url: req.url, headers: req.headers }, { clientIp: req.socket.remoteAddress });
  if (result.ok) sendJson(res);
  else sendStatus(res, result.status);
};

/**
 * Calibration: node:http doing a fixed amount of plain JavaScript per request (KEYGATE_BENCH_SPIN_US µs of
 * busy-waiting, default 5) behind a promise, as `validate()` would. Any work costs its CPU and also the
 * loopback's wake-ups this machine shares with the load generator; this row says what that many µs cost here.
 */
const SPIN_US = Number(process.env.KEYGATE_BENCH_SPIN_US ?? 5);
async function spin() {
  const until = performance.now() + SPIN_US / 1000;
  while (performance.now() < until);
}
const nodeSpinning = async (req, res) => {
  await spin();
  sendJson(res);
};

/** Subject id → starts its server, resolves to its port. The ids are those of bench/http.bench.mjs. */
const SERVERS = {
  node: () => listenNode((req, res) => sendJson(res)),
  'node-spin': () => listenNode(nodeSpinning),
  'node-validate': () => listenNode(nodeValidated(cached)),
  'node-replica': async () => listenNode(nodeValidated(await replicaValidator())),
  'node-middleware': () => listenNode(nodeGuarded(createNodeMiddleware(cached))),
  'node-middleware-uncached': () => listenNode(nodeGuarded(createNodeMiddleware(uncached))),
  'node-jose': () => listenNode(nodeGuarded(joseGuard)),
  express: () => expressApp(),
  'express-keygate': () => expressApp(createNodeMiddleware(cached)),
  fastify: () => fastifyApp(),
  'fastify-keygate': () => fastifyApp(createFastifyHook(cached)),
  fetch: () => listenFetch(fetchHandler),
  'fetch-keygate': () => listenFetch(withApiKey(cached, fetchHandler)),
  hono: () => honoApp(false),
  'hono-keygate': () => honoApp(true),
};

const subject = process.argv[2];
if (!Object.hasOwn(SERVERS, subject)) {
  console.error(`usage: node bench/http-servers.mjs SUBJECT, one of: ${Object.keys(SERVERS).join(', ')}`);
  process.exit(2);
}
const leave = () => process.exit(0);
process.on('SIGTERM', leave);
process.on('SIGINT', leave);
process.on('disconnect', leave);
const port = await SERVERS[subject]();
const ready = { port, path: PATH, apiKey };
if (process.send) process.send(ready);
else console.log(JSON.stringify(ready));
