/**
 * Finding: with `otherPaths: 'pass'`, a request the validator found under no API was handed to the
 * app's routes, which read paths otherwise: Express matches letter case loosely (`/MENU/v1/items`
 * ran the `/menu/v1/items` handler without a key), Fastify and Hono decode escapes before routing
 * (`/%6Denu/v1/items`). A path of an API that is not deployed passed too, and every request when the
 * adapter's `api` option named no API. Only a path under no API's base path, read without letter
 * case and with escapes decoded, passes now; and a path with an escaped letter, digit or `-._~` is
 * refused as ambiguous (404) wherever keygate judges it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator } from '../../src/index.js';
import { createHonoMiddleware } from '../../src/hono/index.js';
import { createFastifyHook, createNodeMiddleware } from '../../src/node/index.js';
import { MIDDLEWARE_OPTIONS, passesUnguarded, resolveAdapterOptions } from '../../src/adapters/options.js';
import { sharedKeyPair } from '../helpers/fixtures.js';
import { serveHono } from '../hono/serve.js';
import { rawRequest } from './servers.js';

const MENU = { name: 'Menu', context: '/menu', version: 'v1' };
const OLD = { name: 'Old', context: '/old', version: 'v1', status: 'RETIRED' } as const;
const ROUTES = ['/menu/v1/items', '/old/v1/items', '/health'];
const servers: Array<{ name: string; port: number; close(): Promise<void> | void }> = [];

beforeAll(async () => {
  const { publicKey } = await sharedKeyPair();
  const validator = createValidator({ keys: [publicKey], subscriptions: createMemorySubscriptionStore(), apis: [MENU, OLD] });
  const pass = { otherPaths: 'pass' } as const;

  const app = express();
  app.use(createNodeMiddleware(validator, pass));
  for (const route of ROUTES) app.get(route, (_req, res) => void res.send(route));
  const named = express();
  named.use(createNodeMiddleware(validator, { ...pass, api: 'menu' })); // the API is named "Menu"
  named.get('/health', (_req, res) => void res.send('/health'));
  for (const [name, handler] of [['express', app], ['express, misnamed api', named]] as const) {
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ name, port: (server.address() as AddressInfo).port, close: () => void server.close() });
  }

  const fastify = Fastify();
  fastify.addHook('onRequest', createFastifyHook(validator, pass));
  for (const route of ROUTES) fastify.get(route, async () => route);
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  servers.push({ name: 'fastify', port: (fastify.server.address() as AddressInfo).port, close: () => fastify.close() });

  const hono = new Hono();
  hono.use(createHonoMiddleware(validator, pass));
  for (const route of ROUTES) hono.get(route, (c) => c.text(route));
  const served = await serveHono(hono);
  servers.push({ name: 'hono', port: Number(new URL(served.origin).port), close: () => served.close() });
});
afterAll(async () => {
  for (const server of servers) await server.close();
});

const ATTACKS = ['/MENU/v1/items', '/Menu/V1/items', '/%6Denu/v1/items', '/menu/%76%31/items', '/old/v1/items', '/OLD/v1/items'];

describe("security: otherPaths: 'pass' never opens an API's routes", () => {
  it.each(['express', 'fastify', 'hono'])('%s: near misses and APIs not deployed are refused, other paths pass', async (name) => {
    const { port } = servers.find((s) => s.name === name)!;
    for (const target of ATTACKS) {
      const { status, body } = await rawRequest(port, target, []);
      expect(body, `${name} ${target}`).not.toMatch(/^\/(menu|old)\/v1\/items$/);
      expect([400, 401, 404], `${name} ${target}`).toContain(status);
    }
    expect(await rawRequest(port, '/health', [])).toMatchObject({ status: 200, body: '/health' });
  });

  it('an adapter whose api option names no API passes nothing', async () => {
    const { port } = servers.find((s) => s.name === 'express, misnamed api')!;
    expect((await rawRequest(port, '/health', [])).status).toBe(404);
  });
});

describe("security: otherPaths: 'pass' reads paths as the loosest router does", () => {
  const pass = resolveAdapterOptions({ otherPaths: 'pass' }, MIDDLEWARE_OPTIONS, 'test');
  const unknown = { ok: false, status: 404, code: 900906, reason: 'unknown_api', message: '', description: '' } as const;
  const apis = [MENU, { name: 'Cafe', context: '/caf%C3%A9', version: 'v1' }];
  const passes = (path: string) => passesUnguarded(pass, unknown, { validate: async () => unknown, apis }, path);

  it('never passes a path an API matches with escapes in other case, with repeated slashes, or decoded', () => {
    for (const path of ['/caf%c3%a9/v1/items', '/CAF%C3%A9/v1/items', '/caf%C3%89/v1/items', '/café/v1/items', '/menu//v1/items', '//menu/v1/items']) {
      expect(passes(path), path).toBe(false);
    }
    expect(passes('/health')).toBe(true);
    expect(passes('/caf%E9/v1')).toBe(false); // not UTF-8: unreadable, so not passed
  });
});
