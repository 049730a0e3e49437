import { createAdaptorServer, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator, type Validator } from '../../src/index.js';
import { createBackendJwt } from '../../src/gateway/index.js';
import { withApiKey } from '../../src/fetch/index.js';
import { createHonoMiddleware, type ApiKeyEnv } from '../../src/hono/index.js';
import { issueKey } from '../../src/issue/index.js';
import { APP_UUID, PIZZA, sharedKeyPair } from '../helpers/fixtures.js';
import { serveHono } from '../hono/serve.js';

/*
 * Finding: on @hono/node-server the Fetch adapters cleaned the Fetch request only. The Node request
 * behind it (`env.incoming`: headers, rawHeaders, url) kept the key and the client's forged
 * x-jwt-assertion, for any handler or proxy reading it. Both Fetch adapters now clean it too.
 *
 * Finding (review of that fix): the Node request was cleaned first, and the Fetch one after, asking its
 * headers whether the key was there. @hono/node-server's lightweight headers answer that from the Node
 * request (clean by then: "no"), but keep a copy of its raw headers taken at the first read of a header
 * such as user-agent or referer (an earlier middleware, or a referrer-restricted key): iterating them,
 * or forwarding them, gave the key back. The Fetch request is now cleaned first.
 */

const MENU = '/pizzashack/1.0.0/menu';
let key: string;
let validator: Validator;
const servers: { close(): Promise<void> }[] = [];
const origins: Record<string, string> = {};

interface Seen {
  headers: Record<string, unknown>;
  rawHeaders: string[];
  url: string;
  fetchHeaders: [string, string][];
}
const seenFrom = (incoming: HttpBindings['incoming'], request: Request): Seen => ({
  headers: incoming.headers,
  rawHeaders: incoming.rawHeaders,
  url: incoming.url ?? '',
  fetchHeaders: [...request.headers],
});

beforeAll(async () => {
  const { publicKey, privateKey } = await sharedKeyPair();
  validator = createValidator({
    keys: [publicKey],
    subscriptions: createMemorySubscriptionStore([{ applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version }]),
    apis: [PIZZA],
    authScheme: 'Bearer',
    backendJwt: createBackendJwt({ signingKey: privateKey }),
  });
  key = await issueKey({ signingKey: privateKey, application: { uuid: APP_UUID, id: 35 } });

  const app = new Hono<ApiKeyEnv & { Bindings: HttpBindings }>();
  // A logger before the guard: reading user-agent makes @hono/node-server copy the raw headers.
  app.use('*', async (c, next) => {
    c.req.header('user-agent');
    await next();
  });
  app.use('/pizzashack/*', createHonoMiddleware(validator));
  app.get(MENU, (c) => c.json(seenFrom(c.env.incoming, c.req.raw)));
  const hono = await serveHono(app);
  servers.push(hono);
  origins.hono = hono.origin;

  const handler = withApiKey(validator, (request, _apiKey, bindings: unknown) => Response.json(seenFrom((bindings as HttpBindings).incoming, request)));
  const logged = (request: Request, bindings: unknown) => {
    request.headers.get('user-agent');
    return handler(request, bindings);
  };
  const server = createAdaptorServer({ fetch: logged, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origins.withApiKey = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push({ close: () => new Promise((resolve) => server.close(() => resolve())) });
});
afterAll(() => Promise.all(servers.map((s) => s.close())));

describe.each(['hono', 'withApiKey'])('security: %s on @hono/node-server cleans the Node request behind the Fetch one', (adapter) => {
  const call = (query: string, headers: Record<string, string>) => fetch(`${origins[adapter]}${MENU}${query}`, { headers });

  it.each([
    ['the apikey header', '', { apikey: 'KEY' }],
    ['a Bearer credential', '', { authorization: 'Bearer KEY' }],
    ['the query parameter', '?apikey=KEY&size=L', {}],
  ])('%s: gone from incoming.headers, rawHeaders and url, and the forged assertion replaced everywhere', async (_form, query, headers) => {
    const filled = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value.replace('KEY', key)]));
    const response = await call(query.replace('KEY', encodeURIComponent(key)), { ...filled, 'x-jwt-assertion': 'forged' });
    expect(response.status).toBe(200);
    const seen = (await response.json()) as Seen;
    expect(JSON.stringify(seen)).not.toContain(key.slice(0, 40));
    expect(JSON.stringify(seen)).not.toContain('forged');
    expect(seen.headers.apikey).toBeUndefined();
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.url).toBe(query === '' ? MENU : `${MENU}?size=L`);
    const assertion = seen.headers['x-jwt-assertion'];
    expect(typeof assertion === 'string' && assertion.split('.').length === 3).toBe(true);
    expect(seen.rawHeaders).toContain(assertion);
    expect(new Map(seen.fetchHeaders).get('x-jwt-assertion')).toBe(assertion);
  });
});
