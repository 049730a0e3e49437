import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator } from '../../src/index.js';
import { createBackendJwt } from '../../src/gateway/index.js';
import { createHonoMiddleware, type ApiKeyEnv } from '../../src/hono/index.js';
import { issueKey } from '../../src/issue/index.js';
import { APP_UUID, PIZZA, sharedKeyPair } from '../helpers/fixtures.js';
import { listen, type TestServer } from '../helpers/http.js';
import { serveHono } from '../hono/serve.js';

/*
 * Finding: with docs/frameworks.md's Hono snippet the handler still saw the key
 * (`c.req.header('apikey')`, `c.req.url`, `c.req.query()`), and a client-forged
 * `x-jwt-assertion` reached a proxy forwarding `c.req.raw`, because the guard's cleaned request
 * was dropped. keygate/hono's middleware replaces the request: no view of it keeps the key.
 */

const MENU = '/pizzashack/1.0.0/menu';
let key: string;
let gateway: { origin: string; close(): Promise<void> };
let upstream: TestServer;
let upstreamSaw: { url: string; headers: Record<string, unknown> } | undefined;

beforeAll(async () => {
  const { publicKey, privateKey } = await sharedKeyPair();
  const validator = createValidator({
    keys: [publicKey],
    subscriptions: createMemorySubscriptionStore([{ applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version }]),
    apis: [PIZZA],
    backendJwt: createBackendJwt({ signingKey: privateKey }),
  });
  key = await issueKey({ signingKey: privateKey, application: { uuid: APP_UUID, id: 35 } });
  upstream = await listen((req, res) => {
    upstreamSaw = { url: req.url ?? '', headers: req.headers };
    res.end('{}');
  });
  const app = new Hono<ApiKeyEnv>();
  app.use('/pizzashack/*', createHonoMiddleware(validator));
  app.get(MENU, (c) => c.json({ header: c.req.header('apikey') ?? null, url: c.req.url, query: c.req.query(), assertion: c.req.header('x-jwt-assertion') ?? null }));
  // A proxy route, forwarding the request as the handler has it.
  app.get('/pizzashack/1.0.0/proxy', (c) => fetch(new Request(`${upstream.origin}/menu${new URL(c.req.url).search}`, c.req.raw)));
  gateway = await serveHono(app);
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

describe('security: the Hono handler and anything it forwards never see the key', () => {
  it('header form: no key in c.req.header(), and the forged assertion is replaced', async () => {
    const response = await fetch(`${gateway.origin}${MENU}?size=L`, { headers: { apikey: key, 'x-jwt-assertion': 'forged' } });
    const seen = (await response.json()) as { header: string | null; url: string; query: Record<string, string>; assertion: string | null };
    expect(response.status).toBe(200);
    expect(seen.header).toBeNull();
    expect(seen.query).toEqual({ size: 'L' });
    expect(seen.assertion).not.toBe('forged');
    expect(seen.assertion?.split('.')).toHaveLength(3);
    expect(JSON.stringify(seen)).not.toContain(key);
  });

  it('query form: no key in c.req.url or c.req.query()', async () => {
    const response = await fetch(`${gateway.origin}${MENU}?apikey=${encodeURIComponent(key)}&size=L`);
    const seen = (await response.json()) as { url: string; query: Record<string, string> };
    expect(response.status).toBe(200);
    expect(seen.query).toEqual({ size: 'L' });
    expect(seen.url).not.toContain('apikey');
  });

  it('a proxy forwarding c.req.raw sends neither the key nor the forged assertion upstream', async () => {
    const response = await fetch(`${gateway.origin}/pizzashack/1.0.0/proxy?apikey=${encodeURIComponent(key)}`, { headers: { apikey: key, 'x-jwt-assertion': 'forged' } });
    expect(response.status).toBe(200);
    expect(upstreamSaw?.url).toBe('/menu');
    expect(upstreamSaw?.headers.apikey).toBeUndefined();
    expect(upstreamSaw?.headers['x-jwt-assertion']).not.toBe('forged');
    expect(JSON.stringify(upstreamSaw)).not.toContain(key);
  });
});
