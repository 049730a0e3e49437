/**
 * The gateway features end to end through the adapters, with a real validator: throttling with the
 * Retry-After header, the backend JWT reaching the upstream, revocation with the cache warm, audit.
 */
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { type Jwk } from '../../src/index.js';
import { exportJwks, generateKeyPair } from '../../src/keys/index.js';
import { type AuditEvent } from '../../src/gateway/index.js';
import { withApiKey } from '../../src/fetch/index.js';
import { createNodeMiddleware } from '../../src/node/index.js';
import { APP_UUID, PIZZA, pizzaGateway } from '../helpers/fixtures.js';
import { fetchBridge, listen, type TestServer } from '../helpers/http.js';
import { createAuditTrail, createBackendJwt, createThrottle, createValidationCache } from '../../src/gateway/index.js';

const MENU = '/pizzashack/1.0.0/menu';
const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

/** An upstream that answers with the backend JWT it received. */
const upstream = (jwtHeader: string | null) => Response.json({ jwt: jwtHeader });

describe('gateway features through the Fetch adapter', () => {
  it('N+1 calls: exactly one 429 whose Retry-After is when the next call passes', async () => {
    const clock = { now: 1_800_000_000_000 };
    const gw = await pizzaGateway({ now: () => clock.now, throttle: createThrottle({ tiers: { Trial: { requests: 5, periodSeconds: 60 } } }) });
    gw.subscriptions.update({ applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'Trial' });
    const handler = withApiKey(gw.validator, () => new Response('menu'));
    const server = await listen(fetchBridge((request) => handler(request)));
    servers.push(server);
    const key = await gw.issue();
    const call = () => fetch(`${server.origin}${MENU}`, { headers: { apikey: key } });

    const responses = [];
    for (let i = 0; i < 6; i++) responses.push(await call());
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    const throttled = responses[5]!;
    expect(throttled.headers.get('retry-after')).toBe('12');
    expect(await throttled.json()).toMatchObject({ code: '900804', message: 'Message throttled out' });
    clock.now += 11_999;
    expect((await call()).status).toBe(429);
    clock.now += 1;
    expect((await call()).status).toBe(200);
  });

  it('hands the upstream a backend JWT it verifies with the JWKS, replacing a forged one', async () => {
    const backend = await generateKeyPair({ alias: 'backend' });
    const gw = await pizzaGateway({ backendJwt: createBackendJwt({ signingKey: backend.privateKey }) });
    const handler = withApiKey(gw.validator, (request) => upstream(request.headers.get('x-jwt-assertion')));
    const response = await handler(new Request(`https://gw.example.com${MENU}`, { headers: { apikey: await gw.issue(), 'x-jwt-assertion': 'forged' } }));
    const { jwt } = (await response.json()) as { jwt: string };
    const jwks = createLocalJWKSet((await exportJwks([backend.publicKey])) as { keys: Jwk[] });
    const { payload } = await jwtVerify(jwt, jwks, { issuer: 'wso2.org/products/am' });
    expect(payload['http://wso2.org/claims/applicationUUId']).toBe(APP_UUID);
  });
});

describe('gateway features through the Node middleware', () => {
  it('N+1 calls: exactly one 429 with Retry-After over real HTTP', async () => {
    const clock = { now: 1_800_000_000_000 };
    const gw = await pizzaGateway({ now: () => clock.now, throttle: createThrottle({ tiers: { Trial: { requests: 3, periodSeconds: 1 } } }) });
    gw.subscriptions.update({ applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'Trial' });
    const middleware = createNodeMiddleware(gw.validator);
    const server = await listen((req, res) => middleware(req, res, () => res.end('menu')));
    servers.push(server);
    const key = await gw.issue();
    const responses = [];
    for (let i = 0; i < 4; i++) responses.push(await fetch(`${server.origin}${MENU}`, { headers: { apikey: key } }));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(responses[3]!.headers.get('retry-after')).toBe('1');
    clock.now += 334;
    expect((await fetch(`${server.origin}${MENU}`, { headers: { apikey: key } })).status).toBe(200);
  });

  it('forwards the backend JWT, refuses a revoked key with the cache warm, and audits with the socket address', async () => {
    const backend = await generateKeyPair({ alias: 'backend' });
    const events: AuditEvent[] = [];
    const gw = await pizzaGateway({
      cache: createValidationCache(),
      backendJwt: createBackendJwt({ signingKey: backend.privateKey }),
      audit: createAuditTrail((e) => void events.push(e)),
    });
    const middleware = createNodeMiddleware(gw.validator);
    const server = await listen((req, res) =>
      middleware(req, res, () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ jwt: req.headers['x-jwt-assertion'] }));
      }),
    );
    servers.push(server);
    const key = await gw.issue();
    const call = () => fetch(`${server.origin}${MENU}`, { headers: { apikey: key } });

    const first = await call();
    const { jwt } = (await first.json()) as { jwt: string };
    const jwks = createLocalJWKSet((await exportJwks([backend.publicKey])) as { keys: Jwk[] });
    expect((await jwtVerify(jwt, jwks)).payload['http://wso2.org/claims/apiname']).toBe('PizzaShackAPI');
    expect((await call()).status).toBe(200);
    expect(gw.validator.stats().cache?.hits).toBe(1);

    gw.revocations.revoke(events[0]!.jti!);
    const refused = await call();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: '900901' });
    expect(events.map((e) => [e.outcome, e.cached, e.clientIp])).toEqual([
      ['allowed', false, '127.0.0.1'],
      ['allowed', true, '127.0.0.1'],
      ['refused', false, '127.0.0.1'],
    ]);
    expect(events[2]!.reason).toBe('revoked');
  });
});
