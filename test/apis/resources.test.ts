import { describe, expect, it } from 'vitest';
import type { AnyValidationSuccess, ApiResource, ValidationResult, ValidatorOptions } from '../../src/index.js';
import { generateKeyPair } from '../../src/keys/index.js';
import { createBackendJwt, createClientIpResolver, createResourceMatcher, createThrottle } from '../../src/gateway/index.js';
import { PIZZA, pizzaGateway } from '../helpers/fixtures.js';
import { failingLimiter } from '../helpers/limiters.js';

const BASE = 'https://gw.example.com/pizzashack/1.0.0';
const RESOURCES: readonly ApiResource[] = [
  { path: '/menu', methods: ['GET'], auth: 'none' },
  { path: '/order/{orderId}', methods: ['GET', 'PUT', 'DELETE'] },
  { path: '/order/special', methods: ['GET'] },
  { path: '/order', methods: ['post'] },
  { path: '/admin/*', methods: ['GET', 'POST'], tier: 'Admin' },
];

const withResources = (overrides: Partial<ValidatorOptions> = {}, resources = RESOURCES) =>
  pizzaGateway({ apis: [{ ...PIZZA, resources }], resources: createResourceMatcher(), ...overrides });

const outcome = (r: ValidationResult<AnyValidationSuccess>) =>
  r.ok ? 'ok' : [r.status, r.code, r.reason, ...(r.allow === undefined ? [] : [r.allow])];

describe('validate: resources', () => {
  it('needs a key for resources by default and names the matched resource', async () => {
    const gw = await withResources();
    const key = await gw.issue();
    const r = await gw.validator.validate({ url: `${BASE}/order/42`, method: 'PUT', headers: { apikey: key } });
    expect(r.ok && r.authenticated && r.resource).toEqual({ path: '/order/{orderId}', methods: ['GET', 'PUT', 'DELETE'] });
    const missing = await gw.validator.validate({ url: `${BASE}/order/42`, headers: {} });
    expect(missing.ok ? 'ok' : missing.reason).toBe('missing_key');
  });

  it('prefers a literal segment to {name}, and the order given among equals', async () => {
    const gw = await withResources();
    const key = await gw.issue();
    const special = await gw.validator.validate({ url: `${BASE}/order/special`, headers: { apikey: key } });
    expect(special.ok && special.resource?.path).toBe('/order/special');
    // DELETE is not served by /order/special: the next template that matches and serves it wins.
    const deleted = await gw.validator.validate({ url: `${BASE}/order/special`, method: 'DELETE', headers: { apikey: key } });
    expect(deleted.ok && deleted.resource?.path).toBe('/order/{orderId}');
  });

  it('answers 404 900906 for a path no resource matches, and 405 with Allow for another method', async () => {
    const gw = await withResources();
    const key = await gw.issue();
    const call = (path: string, method?: string) => gw.validator.validate({ url: `${BASE}${path}`, headers: { apikey: key }, ...(method ? { method } : {}) });
    expect(outcome(await call('/drinks'))).toEqual([404, 900906, 'unknown_resource']);
    expect(outcome(await call(''))).toEqual([404, 900906, 'unknown_resource']);
    expect(outcome(await call('/menu', 'POST'))).toEqual([405, 900906, 'method_not_allowed', 'GET']);
    expect(outcome(await call('/order', 'GET'))).toEqual([405, 900906, 'method_not_allowed', 'POST']);
    // Every template that matches the path contributes its methods.
    expect(outcome(await call('/order/special', 'PATCH'))).toEqual([405, 900906, 'method_not_allowed', 'GET, PUT, DELETE']);
    const wrong = await call('/menu', 'BREW\u202eTEA');
    expect(!wrong.ok && wrong.description).toBe('PizzaShackAPI 1.0.0 does not serve "BREW\\u202eTEA" on this resource');
  });

  it('compares methods upper-case, and takes a request without a method for GET', async () => {
    const gw = await withResources();
    const key = await gw.issue();
    expect((await gw.validator.validate({ url: `${BASE}/order`, method: 'post', headers: { apikey: key } })).ok).toBe(true);
    expect((await gw.validator.validate({ url: `${BASE}/order/1`, headers: { apikey: key } })).ok).toBe(true);
  });

  it("answers a resource with auth 'none' without reading a key: a typed success, PRODUCTION, with the client address", async () => {
    const gw = await withResources({ clientIp: createClientIpResolver({ trustedProxies: ['10.0.0.0/8'] }) });
    const r = await gw.validator.validate(
      { url: `${BASE}/menu`, headers: { apikey: 'not a key at all', 'x-forwarded-for': '203.0.113.7' } },
      { clientIp: '10.0.0.1' },
    );
    expect(r).toEqual({
      ok: true,
      authenticated: false,
      api: { ...PIZZA, resources: RESOURCES },
      resource: { path: '/menu', methods: ['GET'], auth: 'none' },
      environment: 'PRODUCTION',
      clientIp: '203.0.113.7',
      credential: { header: 'apikey', authScheme: false, queryParam: 'apikey' },
    });
    const sandboxOnly = await pizzaGateway({ apis: [{ ...PIZZA, keyTypes: ['SANDBOX'], resources: RESOURCES }], resources: createResourceMatcher() });
    const open = await sandboxOnly.validator.validate({ url: `${BASE}/menu`, headers: {} });
    expect(open.ok && open.environment).toBe('SANDBOX');
  });

  it('names the backend JWT header on calls that need no key, so adapters strip a forged one', async () => {
    const { privateKey } = await generateKeyPair({ alias: 'backend' });
    const gw = await withResources({ backendJwt: createBackendJwt({ signingKey: privateKey, header: 'X-Backend' }) });
    const r = await gw.validator.validate({ url: `${BASE}/menu`, headers: {} });
    expect(r.ok && !r.authenticated && [r.backendJwtHeader, 'backendJwt' in r]).toEqual(['X-Backend', false]);
  });

  it('throttles calls that need no key per client address under the Unauthenticated tier', async () => {
    const clock = { now: 1_800_000_000_000 };
    const gw = await withResources({ now: () => clock.now, throttle: createThrottle({ tiers: { Unauthenticated: { requests: 2, periodSeconds: 60 } } }) });
    const menu = (clientIp: string) => gw.validator.validate({ url: `${BASE}/menu`, headers: {} }, { clientIp });
    const first = await menu('198.51.100.1');
    expect(first.ok && first.rateLimit).toEqual({ level: 'subscription', tier: 'Unauthenticated', limit: 2, periodSeconds: 60, remaining: 1, resetAfter: 30 });
    await menu('198.51.100.1');
    const third = await menu('198.51.100.1');
    expect(outcome(third)).toEqual([429, 900804, 'throttled_subscription']);
    expect((await menu('198.51.100.2')).ok).toBe(true);
    // With WSO2's default tier: 500 a minute.
    const defaults = await withResources({ throttle: createThrottle() });
    const r = await defaults.validator.validate({ url: `${BASE}/menu`, headers: {} }, { clientIp: '198.51.100.1' });
    expect(r.ok && r.rateLimit?.limit).toBe(500);
  });

  it("counts a resource's tier per resource, across callers", async () => {
    const gw = await withResources({ throttle: createThrottle({ tiers: { Admin: { requests: 1, periodSeconds: 60 } } }) });
    const call = async () => gw.validator.validate({ url: `${BASE}/admin/users`, headers: { apikey: await gw.issue() } });
    const first = await call();
    expect(first.ok && first.rateLimit).toMatchObject({ level: 'resource', tier: 'Admin', remaining: 0 });
    expect(outcome(await call())).toEqual([429, 900802, 'throttled_resource']);
  });

  it('fails closed with 503 when the rate limiter fails on a call that needs no key', async () => {
    const gw = await withResources({ throttle: createThrottle({ limiter: failingLimiter(new Error('redis down')) }) });
    expect(outcome(await gw.validator.validate({ url: `${BASE}/menu`, headers: {} }))).toEqual([503, 900900, 'store_unavailable']);
  });

  it('matches below the base path also for calls routed by name, and on APIs at the root', async () => {
    const gw = await withResources();
    const byName = await gw.validator.validate({ url: '/menu', headers: {} }, { api: 'PizzaShackAPI' });
    expect(byName.ok && byName.resource?.path).toBe('/menu');
    const root = await pizzaGateway({ apis: [{ ...PIZZA, basePath: '/', resources: RESOURCES }], resources: createResourceMatcher() });
    expect((await root.validator.validate({ url: 'https://gw/menu', headers: {} })).ok).toBe(true);
    expect(outcome(await root.validator.validate({ url: 'https://gw/', headers: {} }))).toContain('unknown_resource');
  });

  it('refuses bad resources at createValidator, naming the API and the resource', async () => {
    const bad: [unknown, string][] = [
      [[], 'apis["PizzaShackAPI"].resources must be a non-empty array'],
      ['/menu', 'apis["PizzaShackAPI"].resources must be a non-empty array'],
      [[{ path: 'menu', methods: ['GET'] }], 'apis["PizzaShackAPI"].resources[0].path must be a string starting with "/"'],
      [[{ path: '/menu', methods: [] }], 'apis["PizzaShackAPI"].resources[0].methods must list HTTP methods'],
      [[{ path: '/menu', methods: ['GET POST'] }], 'resources[0].methods must list HTTP methods'],
      [[{ path: '/menu', methods: ['GET'], auth: 'basic' }], 'resources[0].auth must be "apiKey" or "none"'],
      [[{ path: '/menu', methods: ['GET'], tier: '' }], 'resources[0].tier must be a non-empty string'],
      [[{ path: '/menu', methods: ['GET'] }, { path: '/menu', methods: ['get', 'POST'] }], 'apis["PizzaShackAPI"].resources list /menu GET twice'],
      [[null], 'resources[0].must be { path, methods, auth?, tier? }'],
    ];
    for (const [resources, message] of bad) {
      await expect(withResources({}, resources as never), JSON.stringify(resources)).rejects.toThrow(message);
    }
  });
});
