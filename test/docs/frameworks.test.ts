import { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sharedKeyPair } from '../helpers/fixtures.js';
import { listen, type TestServer } from '../helpers/http.js';
import { runSnippet, snippetFile } from '../helpers/snippets.js';
import { freePort } from '../runtimes/run.js';
import { APP_UUID, frameworkKeys, MENU } from './frameworks-keys.js';

/*
 * docs/frameworks.md's Express, Fastify, Hono and worker snippets, run as written against the
 * sources and the real express@5, fastify@5 and hono@4; `./validator.js` and `./keys.js` resolve
 * to the doc's shared validator and a generated key.
 */
const DOC = 'docs/frameworks.md';
let keys: Awaited<ReturnType<typeof frameworkKeys>>;

function prepared(file: string): string {
  return snippetFile(DOC, file)
    .replace("from './validator.js'", "from './frameworks-validator.js'")
    .replace("from './keys.js'", "from './frameworks-keys.js'");
}

// The snippets listen and never close: remember every server they start, to close it after.
const started: Server[] = [];
const originalListen = Server.prototype.listen;
vi.spyOn(Server.prototype, 'listen').mockImplementation(function (this: Server, ...args: unknown[]) {
  started.push(this);
  return (originalListen as (...a: unknown[]) => Server).apply(this, args);
});

beforeAll(async () => {
  keys = await frameworkKeys(await sharedKeyPair());
  await runSnippet(keys.keysModule, 'frameworks-keys');
  await runSnippet(prepared('validator.js'), 'frameworks-validator');
});
afterAll(async () => {
  for (const server of started) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Starts a Node snippet on a free port (it reads PORT) and returns its origin. */
async function startNodeSnippet(file: string): Promise<string> {
  const port = await freePort();
  const saved = process.env.PORT;
  process.env.PORT = String(port);
  try {
    await runSnippet(prepared(file), `frameworks-${file}`);
  } finally {
    if (saved === undefined) delete process.env.PORT;
    else process.env.PORT = saved;
  }
  return `http://127.0.0.1:${port}`;
}

/** The three calls every framework snippet must answer alike. */
async function expectGuarded(call: (headers: Record<string, string>) => Promise<Response>): Promise<void> {
  const ok = await call({ apikey: keys.apiKey });
  expect(ok.status).toBe(200);
  expect(await ok.json()).toMatchObject({ application: APP_UUID });
  const missing = await call({});
  expect(missing.status).toBe(401);
  expect(missing.headers.get('www-authenticate')).toBe('ApiKey realm="keygate"');
  expect(await missing.json()).toMatchObject({ code: '900902' });
  const tampered = await call({ apikey: keys.tampered });
  expect(tampered.status).toBe(401);
  expect(await tampered.json()).toMatchObject({ code: '900901', message: 'Invalid Credentials' });
}

describe('docs/frameworks.md', () => {
  it.each(['express.js', 'fastify.js'])('%s serves the API behind the key check', async (file) => {
    const origin = await startNodeSnippet(file);
    await expectGuarded((headers) => fetch(`${origin}${MENU}`, { headers }));
  });

  it('fastify-scoped.ts guards the API routes only (per route, per plugin)', async () => {
    const { default: app } = (await runSnippet(prepared('fastify-scoped.ts'), 'frameworks-fastify-scoped')) as {
      default: { inject(o: { url: string; headers?: Record<string, string> }): Promise<{ statusCode: number; json(): unknown }> };
    };
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    for (const url of [MENU, '/pizzashack/1.0.0/order']) {
      expect((await app.inject({ url })).statusCode, url).toBe(401);
      const ok = await app.inject({ url, headers: { apikey: keys.apiKey } });
      expect([ok.statusCode, ok.json()], url).toEqual([200, { application: APP_UUID }]);
    }
  });

  it('hono.ts guards the routes under /pizzashack', async () => {
    const { default: app } = (await runSnippet(prepared('hono.ts'), 'frameworks-hono')) as { default: { fetch(r: Request): Promise<Response> } };
    await expectGuarded((headers) => app.fetch(new Request(`https://gw.example.com${MENU}`, { headers })));
  });

  describe('worker.ts', () => {
    let upstream: TestServer;
    const seen: { url: string; apikey: string | null }[] = [];
    beforeAll(async () => {
      upstream = await listen((req, res) => {
        seen.push({ url: req.url ?? '', apikey: (req.headers.apikey as string | undefined) ?? null });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ application: APP_UUID, upstream: true }));
      });
    });
    afterAll(() => upstream.close());

    it('checks the key at the edge and forwards the call without it', async () => {
      const { default: worker } = (await runSnippet(prepared('worker.ts'), 'frameworks-worker')) as {
        default: { fetch(r: Request, env: { UPSTREAM: string }, ctx: object): Promise<Response> };
      };
      const env = { UPSTREAM: upstream.origin };
      await expectGuarded((headers) => worker.fetch(new Request(`https://edge.example.com${MENU}?size=L`, { headers }), env, {}));
      const viaQuery = await worker.fetch(new Request(`https://edge.example.com${MENU}?apikey=${encodeURIComponent(keys.apiKey)}&size=L`), env, {});
      expect(viaQuery.status).toBe(200);
      expect(seen).toEqual([
        { url: `${MENU}?size=L`, apikey: null },
        { url: `${MENU}?size=L`, apikey: null },
      ]);
    });
  });
});
