import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyOf, createFastifyHook, type FastifyHookOptions } from '../../src/node/index.js';
import type { ValidatorLike } from '../../src/fetch/index.js';
import { fakeValidator, THROTTLED } from '../adapters/fakes.js';
import { pizzaGateway } from '../helpers/fixtures.js';
import { echoJson } from '../helpers/http.js';

const MENU = '/pizzashack/1.0.0/menu';
const apps: FastifyInstance[] = [];

/** A real Fastify 5 app on a free port; `setup` registers routes and hooks. */
async function start(setup: (app: FastifyInstance) => void | Promise<void>): Promise<string> {
  const app = Fastify();
  apps.push(app);
  await setup(app);
  return app.listen({ port: 0, host: '127.0.0.1' });
}

/** keygate's hook on every route, then a route that echoes what it received. */
const guarded = (validator: ValidatorLike, options: FastifyHookOptions = {}) =>
  start((app) => {
    app.addHook('onRequest', createFastifyHook(validator, options));
    app.get(MENU, async (request, reply) => {
      reply.header('content-type', 'application/json');
      return echoJson(request, { url: request.url, query: request.query, apikey: request.headers.apikey });
    });
  });

let gateway: Awaited<ReturnType<typeof pizzaGateway>>;
let key: string;
beforeAll(async () => {
  gateway = await pizzaGateway();
  key = await gateway.issue();
});
afterAll(async () => {
  for (const app of apps) await app.close();
});

describe('createFastifyHook on real Fastify 5', () => {
  it('accepts a key, sets request.apiKey and hides the key from raw and query', async () => {
    const origin = await guarded(gateway.validator);
    const response = await fetch(`${origin}${MENU}?apikey=${encodeURIComponent(key)}&size=L`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ app: '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547', url: `${MENU}?size=L`, query: { size: 'L' }, apikey: null });
  });

  it('keeps the key with hideCredentials: false', async () => {
    const origin = await guarded(gateway.validator, { hideCredentials: false });
    const body = (await (await fetch(`${origin}${MENU}`, { headers: { apikey: key } })).json()) as { apikey: string };
    expect(body.apikey).toBe(key);
  });

  it('answers refusals itself and stops the route', async () => {
    const origin = await guarded(gateway.validator, { realm: 'PizzaShack' });
    const response = await fetch(`${origin}${MENU}`, { headers: { apikey: 'not.a.key' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('ApiKey realm="PizzaShack", error="invalid_token"');
    expect(await response.json()).toMatchObject({ code: '900901', message: 'Invalid Credentials' });
  });

  it('answers 429 with Retry-After', async () => {
    const origin = await guarded(fakeValidator(THROTTLED).validator);
    const response = await fetch(`${origin}${MENU}`, { headers: { apikey: key } });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('42');
  });

  it('onRefused shapes the answer with Fastify\'s reply', async () => {
    const origin = await guarded(gateway.validator, {
      onRefused: (failure, _request, reply) => reply.code(failure.status).send({ error: failure.reason }),
    });
    const response = await fetch(`${origin}${MENU}`);
    expect([response.status, await response.json()]).toEqual([401, { error: 'missing_key' }]);
  });

  it('route-level: only the routes that name the hook are guarded', async () => {
    const hook = createFastifyHook(gateway.validator);
    const origin = await start((app) => {
      app.get('/health', async () => ({ ok: true }));
      app.get(MENU, { onRequest: hook }, async (request) => ({ app: apiKeyOf(request)?.applicationUuid ?? null }));
    });
    expect((await fetch(`${origin}/health`)).status).toBe(200);
    expect((await fetch(`${origin}${MENU}`)).status).toBe(401);
    expect(await (await fetch(`${origin}${MENU}`, { headers: { apikey: key } })).json()).toEqual({ app: '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547' });
  });

  it('register-scoped: the hook guards the plugin\'s routes only', async () => {
    const origin = await start(async (app) => {
      app.get('/health', async () => ({ ok: true }));
      await app.register(async (api) => {
        api.addHook('onRequest', createFastifyHook(gateway.validator));
        api.get('/1.0.0/menu', async () => ({ pizzas: 10 }));
      }, { prefix: '/pizzashack' });
    });
    expect((await fetch(`${origin}/health`)).status).toBe(200);
    expect((await fetch(`${origin}${MENU}`)).status).toBe(401);
    expect((await fetch(`${origin}${MENU}`, { headers: { apikey: key } })).status).toBe(200);
  });

  it('otherPaths: "pass" leaves non-API paths to Fastify (its own 404 included); ambiguous paths stay refused', async () => {
    const origin = await start((app) => {
      app.addHook('onRequest', createFastifyHook(gateway.validator, { otherPaths: 'pass' }));
      app.get("/health", async (request) => ({ ok: true, apiKey: apiKeyOf(request) ?? null }));
      app.get(MENU, async () => ({ pizzas: 10 }));
    });
    expect(await (await fetch(`${origin}/health`)).json()).toEqual({ ok: true, apiKey: null });
    const missing = await fetch(`${origin}/nothing-here`);
    expect([missing.status, ((await missing.json()) as { message: string }).message]).toEqual([404, 'Route GET:/nothing-here not found']);
    expect((await fetch(`${origin}${MENU}`)).status).toBe(401);
  });
});
