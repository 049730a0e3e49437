import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFastifyHook } from '../../src/node/index.js';
import type { ValidatorLike } from '../../src/fetch/index.js';
import { fakeValidator, THROTTLED } from '../adapters/fakes.js';
import { pizzaGateway, type PizzaGateway } from '../helpers/fixtures.js';
import { listen, type TestServer } from '../helpers/http.js';
import { echoJson, Fastify } from './mini-frameworks.js';

/** A Fastify-style server: keygate's hook, then a route that echoes what it received. */
function server(validator: ValidatorLike, hookOptions: Parameters<typeof createFastifyHook>[1] = {}) {
  const fastify = Fastify();
  fastify.get('/pizzashack/1.0.0/menu', (request, reply) => {
    reply.header('content-type', 'application/json');
    reply.send(echoJson(request, { url: request.url, query: request.query, apikey: request.headers.apikey }));
  });
  fastify.addHook('onRequest', createFastifyHook(validator, hookOptions));
  return listen((req, res) => fastify.listener(req, res));
}

let gateway: PizzaGateway;
let key: string;
const servers: TestServer[] = [];
const start = async (validator: ValidatorLike, options: Parameters<typeof createFastifyHook>[1] = {}) => {
  const s = await server(validator, options);
  servers.push(s);
  return s;
};

beforeAll(async () => {
  gateway = await pizzaGateway();
  key = await gateway.issue();
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

const MENU = '/pizzashack/1.0.0/menu';

describe('Fastify hook through a real HTTP server', () => {
  it('accepts a key, sets request.apiKey and hides the key from raw and query', async () => {
    const s = await start(gateway.validator);
    const response = await fetch(`${s.origin}${MENU}?apikey=${encodeURIComponent(key)}&size=L`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ app: '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547', url: `${MENU}?size=L`, query: { size: 'L' }, apikey: null });
  });

  it('keeps the key with hideCredentials: false', async () => {
    const s = await start(gateway.validator, { hideCredentials: false });
    const body = (await (await fetch(`${s.origin}${MENU}`, { headers: { apikey: key } })).json()) as { apikey: string };
    expect(body.apikey).toBe(key);
  });

  it('answers refusals itself and stops the route', async () => {
    const s = await start(gateway.validator, { realm: 'PizzaShack' });
    const response = await fetch(`${s.origin}${MENU}`, { headers: { apikey: 'not.a.key' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('API Key realm="PizzaShack", error="invalid_token"');
    expect(await response.json()).toMatchObject({ code: '900901', message: 'Invalid Credentials' });
  });

  it('answers 429 with Retry-After', async () => {
    const s = await start(fakeValidator(THROTTLED).validator);
    const response = await fetch(`${s.origin}${MENU}`, { headers: { apikey: key } });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('42');
  });
});
