import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator } from '../../src/index.js';
import { issueKey } from '../../src/issue/index.js';
import { generateKeyPair } from '../../src/keys/index.js';
import { createBackendJwt, createResourceMatcher } from '../../src/gateway/index.js';
import { createFastifyHook, createNodeMiddleware } from '../../src/node/index.js';
import { APP_UUID, PIZZA, sharedKeyPair } from '../helpers/fixtures.js';
import { rawRequest, type RunningServer } from './servers.js';

/*
 * A resource with `auth: 'none'` must open that resource and nothing else: no spelling of a path
 * (dot segments, encoded slashes, case, doubled or trailing slashes, parameters) may reach a
 * route that needs a key without one, in real Express 5, Fastify 5 and node:http routers. Nor may
 * a client hand the upstream a key or a backend JWT of its own through an open resource.
 */

const ROUTES = [
  ['/pizzashack/1.0.0/menu', 'menu'],
  ['/pizzashack/1.0.0/order/:orderId', 'order'],
] as const;

type Validator = ReturnType<typeof build>;
function build(publicKey: Parameters<typeof createValidator>[0]['keys'], signingKey: Parameters<typeof createBackendJwt>[0]['signingKey']) {
  return createValidator({
    keys: publicKey,
    subscriptions: createMemorySubscriptionStore([{ applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version }]),
    apis: [{ ...PIZZA, resources: [{ path: '/menu', methods: ['GET'], auth: 'none' }, { path: '/order/{orderId}', methods: ['GET'] }] }],
    resources: createResourceMatcher(),
    backendJwt: createBackendJwt({ signingKey }),
  });
}

const seen = (route: string, req: IncomingMessage) =>
  JSON.stringify({ route, apikey: req.headers.apikey ?? null, jwt: req.headers['x-jwt-assertion'] ?? null });

function listening(name: string, server: ReturnType<typeof createServer>): Promise<RunningServer> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ name, port: (server.address() as AddressInfo).port, close: () => new Promise((done) => (server.closeAllConnections(), server.close(() => done()))) }),
    ),
  );
}

const START = {
  express: (validator: Validator) => {
    const app = express();
    app.use(createNodeMiddleware(validator));
    for (const [path, route] of ROUTES) app.get(path, (req, res) => void res.type('json').send(seen(route, req)));
    return listening('express', createServer(app));
  },
  fastify: async (validator: Validator) => {
    const app = Fastify();
    app.addHook('onRequest', createFastifyHook(validator));
    for (const [path, route] of ROUTES) app.get(path, async (request, reply) => reply.type('application/json').send(seen(route, request.raw)));
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { name: 'fastify', port: (app.server.address() as AddressInfo).port, close: () => app.close() };
  },
  'node:http': (validator: Validator) => {
    const middleware = createNodeMiddleware(validator);
    // A hand-written router: lower-cases and decodes the path, as some do.
    return listening('node:http', createServer((req: IncomingMessage, res: ServerResponse) =>
      middleware(req, res, () => {
        const path = decodeURIComponent((req.url ?? '/').split('?')[0]!).toLowerCase().replace(/\/+$/, '');
        const route = path === '/pizzashack/1.0.0/menu' ? 'menu' : /^\/pizzashack\/1\.0\.0\/order\/[^/]+$/.test(path) ? 'order' : undefined;
        if (route === undefined) return void res.writeHead(404).end('{}');
        res.setHeader('content-type', 'application/json');
        res.end(seen(route, req));
      }),
    ));
  },
} as const;

const ATTACKS = [
  '/pizzashack/1.0.0/menu/../order/1',
  '/pizzashack/1.0.0/menu/%2e%2e/order/1',
  '/pizzashack/1.0.0/menu%2F..%2Forder%2F1',
  '/pizzashack/1.0.0/menu%2forder',
  '/pizzashack/1.0.0/order%2F1',
  '/pizzashack/1.0.0/ORDER/1',
  '/pizzashack/1.0.0/Menu/../order/1',
  '/pizzashack/1.0.0//order/1',
  '/pizzashack/1.0.0/order/1/',
  '/pizzashack/1.0.0/order/1;menu',
  '/pizzashack/1.0.0/menu;/../order/1',
  '/pizzashack/1.0.0/menu?/../order/1',
  '/pizzashack/1.0.0/menu#/../order/1',
  'http://x/pizzashack/1.0.0/menu/../order/1',
  '/pizzashack/1.0.0/order/%31',
];

let key: string;
const running: RunningServer[] = [];

beforeAll(async () => {
  const { publicKey, privateKey } = await sharedKeyPair();
  const backend = await generateKeyPair({ alias: 'backend' });
  key = await issueKey({ signingKey: privateKey, application: { uuid: APP_UUID, id: 1 } });
  for (const start of Object.values(START)) running.push(await start(build([publicKey], backend.privateKey)));
});
afterAll(async () => {
  for (const server of running) await server.close();
});

describe('security: resources that need no key open nothing else', () => {
  for (const name of Object.keys(START)) {
    describe(name, () => {
      const port = () => running.find((s) => s.name === name)!.port;

      it.each(ATTACKS)('never runs the order route without a key for %s', async (target) => {
        const { status, body } = await rawRequest(port(), target, []);
        expect(body).not.toContain('"route":"order"');
        expect(status === 200 ? body : '').not.toMatch(/order/);
      });

      it('serves the open resource without a key, and the other with one (controls)', async () => {
        const menu = await rawRequest(port(), '/pizzashack/1.0.0/menu', []);
        expect([menu.status, JSON.parse(menu.body).route]).toEqual([200, 'menu']);
        const refused = await rawRequest(port(), '/pizzashack/1.0.0/order/1', []);
        expect([refused.status, JSON.parse(refused.body).code]).toEqual([401, '900902']);
        const order = await rawRequest(port(), '/pizzashack/1.0.0/order/1', [['apikey', key]]);
        expect([order.status, JSON.parse(order.body).route]).toEqual([200, 'order']);
      });

      it('forwards neither a key nor a backend JWT a client sends to the open resource', async () => {
        const menu = await rawRequest(port(), '/pizzashack/1.0.0/menu?apikey=leak', [['apikey', key], ['X-JWT-Assertion', 'eyJforged.eyJforged.sig']]);
        expect(JSON.parse(menu.body)).toEqual({ route: 'menu', apikey: null, jwt: null });
      });
    });
  }
});

describe('security: a Bearer key sent to an open resource is not forwarded either', () => {
  it('strips Authorization: Bearer <key> (the validator reads keys there) and leaves another scheme to the upstream', async () => {
    const { withApiKey } = await import('../../src/fetch/index.js');
    const { publicKey } = await sharedKeyPair();
    const validator = createValidator({
      keys: [publicKey],
      subscriptions: createMemorySubscriptionStore(),
      apis: [{ ...PIZZA, resources: [{ path: '/menu', methods: ['GET'], auth: 'none' }] }],
      resources: createResourceMatcher(),
      authScheme: 'Bearer',
    });
    const handler = withApiKey(validator, (request, apiKey) => Response.json({ apiKey: apiKey ?? null, authorization: request.headers.get('authorization') }));
    const call = async (authorization: string) =>
      (await handler(new Request('https://gw.example.com/pizzashack/1.0.0/menu', { headers: { authorization } }))).json();
    expect(await call(`Bearer ${key}`)).toEqual({ apiKey: null, authorization: null });
    expect(await call('Basic dXNlcjpwYXNz')).toEqual({ apiKey: null, authorization: 'Basic dXNlcjpwYXNz' });
  });
});

describe("security: an open template never stands in for a protected resource another router would pick", () => {
  // `/items/{id}` is open; `/items/admin` needs a key. Express ignores letter case (`/items/ADMIN`
  // runs its `/items/admin` route); Fastify and Hono decode escapes first (`/items/%61dmin`).
  const build = async () => {
    const { publicKey } = await sharedKeyPair();
    return createValidator({
      keys: [publicKey],
      subscriptions: createMemorySubscriptionStore(),
      apis: [{ ...PIZZA, resources: [{ path: '/items/{id}', methods: ['GET'], auth: 'none' }, { path: '/items/admin', methods: ['GET'] }] }],
      resources: createResourceMatcher(),
    });
  };
  const call = async (path: string) => (await build()).validate({ url: `https://gw.example.com/pizzashack/1.0.0${path}`, method: 'GET', headers: {} });

  it('needs a key for a path a protected resource matches in other letter case', async () => {
    for (const path of ['/items/ADMIN', '/items/Admin']) expect(await call(path), path).toMatchObject({ ok: false, reason: 'missing_key' });
    expect(await call('/items/42')).toMatchObject({ ok: true, authenticated: false });
  });

  it('needs a key for HEAD on a path a protected GET resource matches (routers run the GET handler for HEAD)', async () => {
    const { publicKey } = await sharedKeyPair();
    const validator = createValidator({
      keys: [publicKey],
      subscriptions: createMemorySubscriptionStore(),
      apis: [{ ...PIZZA, resources: [{ path: '/items/{id}', methods: ['GET', 'HEAD'], auth: 'none' }, { path: '/items/admin', methods: ['GET'] }] }],
      resources: createResourceMatcher(),
    });
    const head = (path: string) => validator.validate({ url: `https://gw.example.com/pizzashack/1.0.0${path}`, method: 'HEAD', headers: {} });
    expect(await head('/items/admin')).toMatchObject({ ok: false, reason: 'missing_key' });
    expect(await head('/items/42')).toMatchObject({ ok: true, authenticated: false });
  });

  it('refuses a path with an escaped letter, digit or -._~ (404 ambiguous_path)', async () => {
    for (const path of ['/items/%61dmin', '/items/%41DMIN', '/items/adm%69n', '/items/%34%32', '/items/a%2Db', '/items/a%7eb']) {
      expect(await call(path), path).toMatchObject({ ok: false, status: 404, reason: 'ambiguous_path' });
    }
    expect(await call('/items/a%20b')).toMatchObject({ ok: true, authenticated: false }); // a space stays escaped for every router
  });
});
