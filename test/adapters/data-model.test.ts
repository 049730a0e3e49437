/**
 * The gateway's data model through every adapter (node:http, Express, Fastify, Fetch, Hono) on real
 * HTTP servers: applications resolved from the store (throttling, backend JWT), a blocked API, a
 * sandbox key on a production-only API, resources and methods, calls that need no key, CORS.
 */
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator, type AnyValidationSuccess, type Jwk, type KeyPair, type Validator } from '../../src/index.js';
import { exportJwks, generateKeyPair } from '../../src/keys/index.js';
import { issueKey } from '../../src/issue/index.js';
import { createBackendJwt, createCors, createMemoryApplicationStore, createResourceMatcher, createThrottle } from '../../src/gateway/index.js';
import { APP_UUID, PIZZA, sharedKeyPair, signPizzaKey } from '../helpers/fixtures.js';
import type { TestServer } from '../helpers/http.js';
import { ADAPTER_NAMES, ADAPTERS, type Echo } from './adapter-servers.js';

const TRIAL_UUID = '7d3c2a1b-0000-4000-8000-000000000036';
const ORIGIN = 'http://app.test';
const BASE = '/pizzashack/1.0.0';

let pair: KeyPair;
let backend: KeyPair;
let jwks: ReturnType<typeof createLocalJWKSet>;

beforeAll(async () => {
  pair = await sharedKeyPair();
  backend = await generateKeyPair({ alias: 'backend' });
  jwks = createLocalJWKSet((await exportJwks([backend.publicKey])) as { keys: Jwk[] });
});

/** A PizzaShack gateway with the whole data model, fresh (its own counters) for each adapter. */
function dataModelValidator(): Validator<AnyValidationSuccess> {
  return createValidator({
    keys: [pair.publicKey],
    subscriptions: createMemorySubscriptionStore([
      { applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'Unlimited' },
      { applicationUuid: TRIAL_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'Unlimited' },
    ]),
    applications: createMemoryApplicationStore([
      { uuid: APP_UUID, id: 35, name: 'DefaultApplication', owner: 'kanchana', tier: 'Unlimited', attributes: { team: 'pizza' } },
      { uuid: TRIAL_UUID, id: 36, name: 'TrialApplication', owner: 'ana', tier: 'OnePerMin' },
    ]),
    apis: [
      {
        ...PIZZA,
        keyTypes: ['PRODUCTION'],
        resources: [
          { path: '/menu', methods: ['GET'], auth: 'none' },
          { path: '/order/{orderId}', methods: ['GET', 'PUT', 'DELETE'] },
          { path: '/order', methods: ['POST'] },
        ],
      },
      { name: 'Blocked', context: '/blocked', version: '1.0.0', status: 'BLOCKED' },
    ],
    resources: createResourceMatcher(),
    cors: createCors({ allowOrigins: [ORIGIN], exposeHeaders: ['x-request-id'] }),
    throttle: createThrottle({ tiers: { OnePerMin: { requests: 1, periodSeconds: 60 } } }),
    backendJwt: createBackendJwt({ signingKey: backend.privateKey }),
  });
}

/** A lightweight key: the application's uuid and id, nothing else about it. */
const lightweightKey = (uuid: string, subject: string, keyType: 'PRODUCTION' | 'SANDBOX' = 'PRODUCTION') =>
  issueKey({ signingKey: pair.privateKey, application: { uuid, id: uuid === APP_UUID ? 35 : 36 }, subject, keyType });

const claimsOf = async (jwt: string | null) => (await jwtVerify(jwt ?? '', jwks, { issuer: 'wso2.org/products/am' })).payload;

describe.each(ADAPTER_NAMES)('the data model through %s', (adapter) => {
  let server: TestServer;
  const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) => fetch(`${server.origin}${path}`, init);

  beforeAll(async () => {
    server = await ADAPTERS[adapter](dataModelValidator());
  });
  afterAll(() => server.close());

  it("a lightweight key's application tier throttles per application and end user, and the backend JWT names the application", async () => {
    const ana = await lightweightKey(TRIAL_UUID, 'ana');
    const first = await call(`${BASE}/order/42`, { headers: { apikey: ana } });
    expect(first.status).toBe(200);
    const echo = (await first.json()) as Echo;
    expect(echo.apikey).toBeNull();
    expect(echo.apiKey).toMatchObject({ application: { uuid: TRIAL_UUID, name: 'TrialApplication', tier: 'OnePerMin' }, environment: 'PRODUCTION', resource: { path: '/order/{orderId}' } });
    expect(await claimsOf(echo.jwt)).toMatchObject({
      'http://wso2.org/claims/applicationname': 'TrialApplication',
      'http://wso2.org/claims/applicationtier': 'OnePerMin',
      'http://wso2.org/claims/applicationid': '36',
      'http://wso2.org/claims/subscriber': 'ana',
      'http://wso2.org/claims/enduser': 'ana',
    });

    const second = await call(`${BASE}/order/42`, { headers: { apikey: ana } });
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await second.json()).toMatchObject({ code: '900803' });
    // WSO2 counts the application tier per application and end user: another user of the app has its own quota.
    const bob = await call(`${BASE}/order/42`, { headers: { apikey: await lightweightKey(TRIAL_UUID, 'bob') } });
    expect(bob.status).toBe(200);
  });

  it('the backend JWT carries the application attributes from the store', async () => {
    const response = await call(`${BASE}/order/7`, { headers: { apikey: await lightweightKey(APP_UUID, 'kanchana'), 'x-jwt-assertion': 'forged' } });
    const echo = (await response.json()) as Echo;
    expect(await claimsOf(echo.jwt)).toMatchObject({
      'http://wso2.org/claims/applicationname': 'DefaultApplication',
      'http://wso2.org/claims/applicationAttributes': { team: 'pizza' },
    });
  });

  it('a blocked API answers 503 700700', async () => {
    const response = await call('/blocked/1.0.0/anything', { headers: { apikey: await lightweightKey(APP_UUID, 'kanchana') } });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: '700700', message: 'API blocked' });
  });

  it('a sandbox key on a production-only API is refused, 401 900901 naming the key type', async () => {
    const response = await call(`${BASE}/order/1`, { headers: { apikey: await lightweightKey(APP_UUID, 'kanchana', 'SANDBOX') } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('ApiKey');
    const body = (await response.json()) as { code: string; description: string };
    expect(body.code).toBe('900901');
    expect(body.description).toContain('SANDBOX');
  });

  it("a resource with auth 'none' answers without a key; a key or backend JWT sent anyway is not forwarded", async () => {
    const response = await call(`${BASE}/menu`, { headers: { apikey: 'not checked', 'x-jwt-assertion': 'forged' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ apiKey: null, apikey: null, jwt: null });
  });

  it('resources and methods: a key is needed elsewhere, unknown paths 404, other methods 405 with Allow', async () => {
    const key = await lightweightKey(APP_UUID, 'kanchana');
    expect((await call(`${BASE}/order/1`)).status).toBe(401);
    const posted = await call(`${BASE}/order`, { method: 'POST', headers: { apikey: key }, body: '{}' });
    expect(posted.status).toBe(200);
    expect(((await posted.json()) as Echo).apiKey?.resource).toMatchObject({ path: '/order' });

    const wrongMethod = await call(`${BASE}/menu`, { method: 'DELETE', headers: { apikey: key } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expect(await wrongMethod.json()).toMatchObject({ code: '900906' });
    const wrongOrder = await call(`${BASE}/order`, { headers: { apikey: key } });
    expect([wrongOrder.status, wrongOrder.headers.get('allow')]).toEqual([405, 'POST']);

    const unknown = await call(`${BASE}/drinks`, { headers: { apikey: key } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: '900906' });
  });

  it('answers a preflight before authentication, and lets only allowed origins read the answers', async () => {
    const preflight = await call(`${BASE}/order/1`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'apikey, content-type' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('apikey');
    expect(preflight.headers.get('vary')).toContain('Origin');

    const evil = await call(`${BASE}/order/1`, { method: 'OPTIONS', headers: { origin: 'http://evil.test', 'access-control-request-method': 'PUT' } });
    expect(evil.status).toBe(200);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.headers.get('access-control-allow-methods')).toBeNull();

    // A refusal carries the CORS headers, so the page can read the error.
    const refused = await call(`${BASE}/order/1`, { headers: { origin: ORIGIN } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(refused.headers.get('access-control-expose-headers')).toBe('x-request-id');
    const accepted = await call(`${BASE}/order/1`, { headers: { origin: ORIGIN, apikey: await lightweightKey(APP_UUID, 'kanchana') } });
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(accepted.headers.get('vary')).toContain('Origin');
    const foreign = await call(`${BASE}/menu`, { headers: { origin: 'http://evil.test' } });
    expect(foreign.status).toBe(200);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an OAuth-shaped JWT (application and consumerKey, no token_type)', async () => {
    const oauth = await signPizzaKey({ token_type: undefined, consumerKey: 'Xq0M5dv5hEt8N0kBq7SPgaFBS8ga' });
    const response = await call(`${BASE}/order/1`, { headers: { apikey: oauth } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: '900901' });
  });
});
