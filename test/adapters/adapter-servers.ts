import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import type { AnyValidationSuccess, ValidationSuccess, Validator } from '../../src/index.js';
import { withApiKey, type AdapterOptions } from '../../src/fetch/index.js';
import { apiKeyOf as honoApiKeyOf, createHonoMiddleware } from '../../src/hono/index.js';
import { apiKeyOf, createFastifyHook, createNodeMiddleware, type NodeRequestLike } from '../../src/node/index.js';
import { fetchBridge, listen, type TestServer } from '../helpers/http.js';
import { serveHono } from '../hono/serve.js';

/*
 * One validator behind each adapter, on a real HTTP server: node:http and Express 5 with
 * createNodeMiddleware, Fastify 5 with createFastifyHook, a Fetch handler with withApiKey and Hono 4
 * with createHonoMiddleware. Every route answers what the handler saw, so a test can check what an
 * adapter hands on, whatever the framework.
 */

/** What a route saw of an accepted call. */
export interface Echo {
  readonly adapter: string;
  /** The verified key's application and resource, or null for a call that needed no key. */
  readonly apiKey: { readonly application: unknown; readonly environment: string; readonly resource: unknown } | null;
  /** The key and backend JWT headers as they reached the handler. */
  readonly apikey: string | null;
  readonly jwt: string | null;
}

const summary = (adapter: string, key: ValidationSuccess | undefined, apikey: unknown, jwt: unknown): Echo => ({
  adapter,
  apiKey: key === undefined ? null : { application: key.application, environment: key.environment, resource: key.resource ?? null },
  apikey: typeof apikey === 'string' ? apikey : null,
  jwt: typeof jwt === 'string' ? jwt : null,
});

/** `holder`: where the adapter put the key (Fastify: its request object, not the raw one). */
const fromNode = (adapter: string, req: IncomingMessage | NodeRequestLike, holder: object = req): Echo =>
  summary(adapter, apiKeyOf(holder), req.headers.apikey, req.headers['x-jwt-assertion']);

function onPort(server: ReturnType<typeof createServer>): Promise<TestServer> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => {
          server.closeAllConnections();
          return new Promise((done) => server.close(() => done()));
        },
      }),
    ),
  );
}

type AnyValidator = Validator<AnyValidationSuccess>;

export const ADAPTERS = {
  'node:http': (validator: AnyValidator, options: AdapterOptions = {}) => {
    const middleware = createNodeMiddleware(validator, options);
    return listen((req: IncomingMessage, res: ServerResponse) =>
      middleware(req, res, (err) => {
        if (err) return void res.writeHead(500).end(String(err));
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(fromNode('node:http', req)));
      }),
    );
  },
  express: (validator: AnyValidator, options: AdapterOptions = {}) => {
    const app = express();
    app.use(createNodeMiddleware(validator, options));
    app.all('/*rest', (req, res) => void res.json(fromNode('express', req)));
    return onPort(createServer(app));
  },
  fastify: async (validator: AnyValidator, options: AdapterOptions = {}) => {
    const app = Fastify();
    app.addHook('onRequest', createFastifyHook(validator, options));
    app.all('/*', async (request) => fromNode('fastify', request.raw, request));
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { origin: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() };
  },
  fetch: (validator: AnyValidator, options: AdapterOptions = {}) =>
    listen(
      fetchBridge(
        withApiKey(
          validator,
          (request, apiKey) => Response.json(summary('fetch', apiKey, request.headers.get('apikey'), request.headers.get('x-jwt-assertion'))),
          options,
        ),
      ),
    ),
  hono: (validator: AnyValidator, options: AdapterOptions = {}) => {
    const app = new Hono();
    app.use('*', createHonoMiddleware(validator, options));
    app.all('*', (c) => c.json(summary('hono', honoApiKeyOf(c), c.req.header('apikey') ?? null, c.req.header('x-jwt-assertion') ?? null)));
    return serveHono(app);
  },
} as const satisfies Record<string, (validator: AnyValidator, options?: AdapterOptions) => Promise<TestServer>>;

export type AdapterName = keyof typeof ADAPTERS;
export const ADAPTER_NAMES = Object.keys(ADAPTERS) as AdapterName[];
