import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator, type ValidationSuccess, type Validator } from '../../src/index.js';
import { createRestrictions } from '../../src/restrict/index.js';
import { apiKeyOf, createHonoMiddleware, type ApiKeyEnv } from '../../src/hono/index.js';
import { issueKey } from '../../src/issue/index.js';
import { APP_UUID, PIZZA, sharedKeyPair } from '../helpers/fixtures.js';
import { serveHono } from './serve.js';

const MENU = '/pizzashack/1.0.0/menu';
let validator: Validator;
let issue: (options?: { permittedIPs?: string[] }) => Promise<string>;
let origin: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const { publicKey, privateKey } = await sharedKeyPair();
  validator = createValidator({
    keys: [publicKey],
    subscriptions: createMemorySubscriptionStore([{ applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version }]),
    apis: [PIZZA],
    restrictions: createRestrictions(),
  });
  issue = (options = {}) => issueKey({ signingKey: privateKey, subject: 'kanchana', application: { uuid: APP_UUID, id: 35 }, ...options });

  const app = new Hono<ApiKeyEnv>();
  app.use('/pizzashack/*', createHonoMiddleware(validator));
  app.get(`${MENU}`, (c) => {
    expectTypeOf(c.get('apiKey')).toEqualTypeOf<ValidationSuccess>();
    return c.json({ application: c.get('apiKey').applicationUuid, viaHelper: apiKeyOf(c)?.jti, clientIp: c.get('apiKey').clientIp ?? null });
  });
  ({ origin, close } = await serveHono(app));
});
afterAll(() => close());

describe('createHonoMiddleware on real Hono 4 and @hono/node-server', () => {
  it('answers a valid key with c.get("apiKey") set, and apiKeyOf(c) reading it', async () => {
    const response = await fetch(`${origin}${MENU}`, { headers: { apikey: await issue() } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { application: string; viaHelper: string; clientIp: string };
    expect(body.application).toBe(APP_UUID);
    expect(body.viaHelper).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses with WSO2\'s JSON error and the challenge', async () => {
    const missing = await fetch(`${origin}${MENU}`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('realm="keygate"');
    expect(await missing.json()).toMatchObject({ code: '900902', message: 'Missing Credentials' });
  });

  it('reads the client address from @hono/node-server\'s env.incoming (IP-restricted keys)', async () => {
    const here = await fetch(`${origin}${MENU}`, { headers: { apikey: await issue({ permittedIPs: ['127.0.0.1'] }) } });
    expect(here.status).toBe(200);
    expect(((await here.json()) as { clientIp: string }).clientIp).toBe('127.0.0.1');
    const elsewhere = await fetch(`${origin}${MENU}`, { headers: { apikey: await issue({ permittedIPs: ['10.0.0.0/8'] }) } });
    expect([elsewhere.status, ((await elsewhere.json()) as { code: string }).code]).toEqual([403, '900908']);
  });

  it('apiKeyOf(c) is undefined where the middleware did not run', async () => {
    const app = new Hono();
    app.get('/health', (c) => c.json({ key: apiKeyOf(c) ?? null }));
    expect(await (await app.request('/health')).json()).toEqual({ key: null });
  });
});
