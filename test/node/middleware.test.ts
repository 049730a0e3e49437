import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyOf, createNodeMiddleware, type NodeMiddlewareOptions } from '../../src/node/index.js';
import { generateKeyPair } from '../../src/keys/index.js';
import { type ValidatorLike } from '../../src/fetch/index.js';
import { fakeValidator, THROTTLED } from '../adapters/fakes.js';
import { pizzaGateway } from '../helpers/fixtures.js';
import { echoJson, listen, rawGet, type TestServer } from '../helpers/http.js';
import { createBackendJwt } from '../../src/gateway/index.js';

/** A real Express 5 app on a free port. */
async function serveApp(app: express.Express): Promise<TestServer> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** Express 5: keygate mounted on /pizzashack, then a route that echoes what it received. */
function app(validator: ValidatorLike, options: NodeMiddlewareOptions = {}) {
  const app = express();
  app.use('/pizzashack', createNodeMiddleware(validator, options));
  app.use((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(echoJson(req, { url: req.url, originalUrl: req.originalUrl, query: req.query, apikey: req.headers.apikey, rawHeaders: req.rawHeaders }));
  });
  // Express's default error handler would print the stack: answer errors as the tests expect.
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).send(`error: ${String(err)}`));
  return serveApp(app);
}

let gateway: Awaited<ReturnType<typeof pizzaGateway>>;
let key: string;
let server: TestServer;
const servers: TestServer[] = [];

beforeAll(async () => {
  gateway = await pizzaGateway();
  key = await gateway.issue();
  server = await app(gateway.validator);
  servers.push(server);
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

const MENU = '/pizzashack/1.0.0/menu';

describe('Connect/Express middleware through a real HTTP server', () => {
  it('accepts a key, sets req.apiKey and removes the key everywhere', async () => {
    const response = await fetch(`${server.origin}${MENU}?size=L&apikey=${encodeURIComponent(key)}`, { headers: { apikey: key, 'x-trace': '1' } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { app: string; url: string; originalUrl: string; query: object; apikey: null; rawHeaders: string[] };
    expect(body.app).toBe('1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547');
    expect(body.apikey).toBeNull();
    expect(body.url).toBe(`${MENU}?size=L`);
    expect(body.originalUrl).toBe(`${MENU}?size=L`);
    expect(body.query).toEqual({ size: 'L' });
    expect(body.rawHeaders.map((h) => h.toLowerCase())).not.toContain('apikey');
    expect(body.rawHeaders).toContain('x-trace');
    expect(JSON.stringify(body)).not.toContain(key.slice(0, 30));
  });

  it('keeps the key with hideCredentials: false', async () => {
    const keeping = await app(gateway.validator, { hideCredentials: false });
    servers.push(keeping);
    const body = (await (await fetch(`${keeping.origin}${MENU}`, { headers: { apikey: key } })).json()) as { apikey: string };
    expect(body.apikey).toBe(key);
  });

  it('answers a missing key with 401, the WSO2 body and a challenge', async () => {
    const response = await fetch(`${server.origin}${MENU}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('ApiKey realm="keygate"');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      code: '900902',
      message: 'Missing Credentials',
      description: 'Make sure the call carries an API key in the "apikey" header or the "apikey" query parameter',
    });
  });

  it('answers a tampered key with 401 900901', async () => {
    const response = await fetch(`${server.origin}${MENU}`, { headers: { apikey: key.slice(0, -4) + 'AAAA' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: '900901', message: 'Invalid Credentials' });
  });

  it('refuses a path with dot segments, which the router and the validator would read differently', async () => {
    const response = await rawGet(server.origin, '/pizzashack/1.0.0/../1.0.0/menu', { apikey: key });
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body)).toMatchObject({ code: '900906' });
  });

  it('answers 429 with Retry-After and passes the socket address as clientIp', async () => {
    const { validator, calls } = fakeValidator(THROTTLED);
    const throttled = await app(validator, { realm: 'PizzaShack' });
    servers.push(throttled);
    const response = await rawGet(throttled.origin, MENU, { apikey: key, host: 'gw.example.com' });
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('42');
    expect(calls[0]?.context?.clientIp).toMatch(/127\.0\.0\.1$/);
    expect(calls[0]?.url).toBe(MENU);
  });

  it('passes a validator failure to next(err)', async () => {
    const broken: ValidatorLike = { validate: () => Promise.reject(new Error('boom')) };
    const failing = await app(broken);
    servers.push(failing);
    const response = await fetch(`${failing.origin}${MENU}`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('error: Error: boom');
  });

  it('forwards the backend JWT in headers and rawHeaders, replacing a forged one', async () => {
    const backend = await generateKeyPair({ alg: 'ES256' });
    const withJwt = await pizzaGateway({ backendJwt: createBackendJwt({ signingKey: backend.privateKey, header: 'X-Backend-JWT' }) });
    const s = await app(withJwt.validator);
    servers.push(s);
    const response = await fetch(`${s.origin}${MENU}`, { headers: { apikey: await withJwt.issue(), 'x-backend-jwt': 'forged' } });
    const body = (await response.json()) as { rawHeaders: string[] };
    const jwt = body.rawHeaders[body.rawHeaders.indexOf('X-Backend-JWT') + 1];
    expect(jwt?.split('.')).toHaveLength(3);
    expect(body.rawHeaders).not.toContain('forged');
  });

  it('onRefused answers refusals with the framework\'s response', async () => {
    const shaped = await app(gateway.validator, { onRefused: (failure, _req, res) => void (res as express.Response).status(failure.status).json({ error: failure.reason }) });
    servers.push(shaped);
    const response = await fetch(`${shaped.origin}${MENU}`);
    expect([response.status, await response.json()]).toEqual([401, { error: 'missing_key' }]);
  });

  it('otherPaths: "pass" lets non-API paths through untouched, and still refuses ambiguous ones', async () => {
    const site = express();
    site.use(createNodeMiddleware(gateway.validator, { otherPaths: 'pass' }));
    site.get('/health', (req, res) => void res.json({ ok: true, apiKey: apiKeyOf(req) ?? null }));
    site.get(MENU, (req, res) => void res.json({ app: apiKeyOf(req)?.applicationUuid }));
    const s = await serveApp(site);
    servers.push(s);
    expect(await (await fetch(`${s.origin}/health`)).json()).toEqual({ ok: true, apiKey: null });
    expect((await fetch(`${s.origin}/nothing-here`)).status).toBe(404);
    expect((await fetch(`${s.origin}${MENU}`)).status).toBe(401);
    expect((await rawGet(s.origin, '/health/../pizzashack/1.0.0/menu')).status).toBe(404);
    expect(JSON.parse((await rawGet(s.origin, '/health/../pizzashack/1.0.0/menu')).body)).toMatchObject({ code: '900906' });
  });

  it('strips a Bearer key from Authorization in every view, and leaves another scheme alone', async () => {
    const bearerGateway = await pizzaGateway({ authScheme: 'Bearer' });
    const s = await app(bearerGateway.validator);
    servers.push(s);
    const bearerKey = await bearerGateway.issue();
    const stripped = (await (await fetch(`${s.origin}${MENU}`, { headers: { authorization: `Bearer ${bearerKey}` } })).json()) as { rawHeaders: string[] };
    expect(stripped.rawHeaders.map((h) => h.toLowerCase())).not.toContain('authorization');
    expect(JSON.stringify(stripped)).not.toContain(bearerKey.slice(0, 30));
    const basic = (await (await fetch(`${s.origin}${MENU}`, { headers: { apikey: bearerKey, authorization: 'Basic dXNlcjpwYXNz' } })).json()) as { rawHeaders: string[] };
    expect(basic.rawHeaders).toContain('Basic dXNlcjpwYXNz');
  });

  it('works as a bare node:http handler', async () => {
    const middleware = createNodeMiddleware(gateway.validator);
    const bare = await listen((req, res) => middleware(req, res, () => res.end(`ok ${apiKeyOf(req)?.keyType}`)));
    servers.push(bare);
    expect(await (await fetch(`${bare.origin}${MENU}`, { headers: { apikey: key } })).text()).toBe('ok PRODUCTION');
  });
});
