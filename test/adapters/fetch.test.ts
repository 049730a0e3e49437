import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchGuard, withApiKey } from '../../src/fetch/index.js';
import { MENU_URL, pizzaGateway, type PizzaGateway } from '../helpers/fixtures.js';
import { fetchBridge, listen, type TestServer } from '../helpers/http.js';
import { fakeValidator, THROTTLED } from './fakes.js';

/** Echoes what the handler received, so tests can see what would be forwarded. */
const echo = (request: Request, apiKey: { applicationUuid: string }) =>
  Response.json({ app: apiKey.applicationUuid, url: request.url, apikey: request.headers.get('apikey') });

let gateway: PizzaGateway;
let key: string;
let server: TestServer;
let keepKey: TestServer;

beforeAll(async () => {
  gateway = await pizzaGateway();
  key = await gateway.issue();
  server = await listen(fetchBridge(withApiKey(gateway.validator, echo)));
  keepKey = await listen(fetchBridge(withApiKey(gateway.validator, echo, { hideCredentials: false })));
});
afterAll(async () => {
  await server.close();
  await keepKey.close();
});

const menu = (origin: string, query = '') => `${origin}/pizzashack/1.0.0/menu${query}`;

describe('withApiKey through a real HTTP server', () => {
  it('passes a valid key to the handler, without the key header', async () => {
    const response = await fetch(menu(server.origin), { headers: { apikey: key } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ app: '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547', apikey: null });
  });

  it('strips the key query parameter and keeps the rest', async () => {
    const response = await fetch(menu(server.origin, `?size=large&apikey=${encodeURIComponent(key)}`));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { url: string };
    expect(body.url).toBe(menu(server.origin, '?size=large'));
  });

  it('leaves the key in place with hideCredentials: false', async () => {
    const response = await fetch(menu(keepKey.origin, `?apikey=${encodeURIComponent(key)}`), { headers: { apikey: key } });
    const body = (await response.json()) as { url: string; apikey: string };
    expect(body.apikey).toBe(key);
    expect(body.url).toContain('apikey=');
  });

  it('answers a missing key with 401, 900902 and a challenge', async () => {
    const response = await fetch(menu(server.origin));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('ApiKey realm="keygate"');
    expect(await response.json()).toMatchObject({ code: '900902', message: 'Missing Credentials' });
  });

  it('answers a tampered key with 401 and 900901, never echoing the key', async () => {
    const tampered = key.slice(0, -4) + 'AAAA';
    const response = await fetch(menu(server.origin), { headers: { apikey: tampered } });
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ code: '900901', message: 'Invalid Credentials' });
    expect(text).not.toContain(tampered.slice(0, 40));
  });

  it('answers 429 with Retry-After when the validator throttles', async () => {
    const throttled = await listen(fetchBridge(withApiKey(fakeValidator(THROTTLED).validator, echo)));
    try {
      const response = await fetch(menu(throttled.origin), { headers: { apikey: key } });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('42');
      expect(await response.json()).toMatchObject({ code: '900804', message: 'Message throttled out' });
    } finally {
      await throttled.close();
    }
  });
});

describe('withApiKey arguments', () => {
  it('passes a worker\'s env and ctx through to the handler', async () => {
    const handler = withApiKey(gateway.validator, (_request, apiKey, env: { greeting: string }, ctx: { id: number }) =>
      new Response(`${env.greeting} ${apiKey.keyType} ${ctx.id}`),
    );
    const response = await handler(new Request(MENU_URL, { headers: { apikey: key } }), { greeting: 'hi' }, { id: 7 });
    expect(await response.text()).toBe('hi PRODUCTION 7');
  });

  it('reads the client IP from Deno.serve\'s info and Bun.serve\'s server', async () => {
    const { validator, calls } = fakeValidator(THROTTLED);
    const handler = withApiKey<[unknown]>(validator, () => new Response('unreachable'));
    const request = new Request(MENU_URL);
    await handler(request, { remoteAddr: { hostname: '203.0.113.7', port: 1, transport: 'tcp' } });
    await handler(request, { requestIP: (r: Request) => (r === request ? { address: '2001:db8::1', port: 1 } : null) });
    await handler(request, { env: 'worker' });
    expect(calls.map((c) => c.context?.clientIp)).toEqual(['203.0.113.7', '2001:db8::1', undefined]);
  });

  it('takes clientIp and api options', async () => {
    const { validator, calls } = fakeValidator(THROTTLED);
    const handler = withApiKey(validator, () => new Response(''), {
      clientIp: (request) => request.headers.get('cf-connecting-ip') ?? undefined,
      api: 'PizzaShackAPI',
    });
    await handler(new Request(MENU_URL, { headers: { 'cf-connecting-ip': '198.51.100.1' } }));
    expect(calls[0]?.context).toEqual({ clientIp: '198.51.100.1', api: 'PizzaShackAPI' });
  });

  it('refuses to build without a validator or with a bad realm', () => {
    expect(() => withApiKey({} as never, () => new Response(''))).toThrow(/Validator/);
    expect(() => withApiKey(gateway.validator, () => new Response(''), { realm: 'a"b' })).toThrow(/realm/);
  });
});

describe('createFetchGuard', () => {
  it('answers a verdict with the request to forward', async () => {
    const guard = createFetchGuard(gateway.validator);
    const ok = await guard(new Request(MENU_URL, { headers: { apikey: key } }));
    expect(ok.ok && ok.request.headers.has('apikey')).toBe(false);
    expect(ok.ok && ok.apiKey.credential).toEqual({ foundIn: 'header', header: 'apikey', authScheme: false, queryParam: 'apikey' });
    const refused = await guard(new Request(MENU_URL));
    expect(refused.ok ? 0 : refused.response.status).toBe(401);
    expect(refused.ok ? '' : refused.failure?.reason).toBe('missing_key');
  });
});
