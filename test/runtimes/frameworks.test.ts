import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APP_UUID, frameworkKeys, MENU } from '../docs/frameworks-keys.js';
import type { TestServer } from '../helpers/http.js';
import { snippetFile } from '../helpers/snippets.js';
import { launchChromium } from './browser.js';
import { serve, type Runtime } from './run.js';
import { serveStatic } from './static-server.js';

/*
 * docs/frameworks.md's Deno, Bun and browser snippets, as written, on the package installed from
 * its tarball: real Deno and Bun servers on 127.0.0.1, and the key checker page in chromium.
 */
const DOC = 'docs/frameworks.md';
let keys: Awaited<ReturnType<typeof frameworkKeys>>;
let dir: string;

beforeAll(async () => {
  dir = inject('consumerDir');
  keys = await frameworkKeys();
  writeFileSync(join(dir, 'keys.js'), keys.keysModule);
  for (const file of ['validator.js', 'deno.ts', 'bun.ts', 'key-checker.js']) writeFileSync(join(dir, file), snippetFile(DOC, file));
});

describe.each<[Runtime, string]>([
  ['deno', 'deno.ts'],
  ['bun', 'bun.ts'],
])('%s server (%s)', (runtime, file) => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve(runtime, file, dir);
  });
  afterAll(() => server?.stop());

  it('answers a valid key, and refuses a missing or tampered one', async () => {
    const ok = await fetch(`${server.origin}${MENU}?size=L`, { headers: { apikey: keys.apiKey } });
    expect(await ok.json()).toEqual({ application: APP_UUID, path: MENU });
    const missing = await fetch(`${server.origin}${MENU}`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('ApiKey realm="keygate"');
    expect(await missing.json()).toMatchObject({ code: '900902', message: 'Missing Credentials' });
    const tampered = await fetch(`${server.origin}${MENU}`, { headers: { apikey: keys.tampered } });
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toMatchObject({ code: '900901' });
  });
});

describe.each<Runtime>(['deno', 'bun'])('Hono 4 with keygate/hono on %s', (runtime) => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve(runtime, 'hono-serve.mjs', dir);
  });
  afterAll(() => server?.stop());

  it('accepts a key with the key gone from the handler\'s request, and reads the client address', async () => {
    const ok = await fetch(`${server.origin}${MENU}?apikey=${encodeURIComponent(keys.fromHere)}`);
    expect(ok.status).toBe(200);
    const seen = (await ok.json()) as { application: string; clientIp: string; apikey: string | null; url: string };
    expect(seen).toMatchObject({ application: APP_UUID, apikey: null });
    expect(seen.url).not.toContain('apikey');
    expect(['127.0.0.1', '::1']).toContain(seen.clientIp);
    const elsewhere = await fetch(`${server.origin}${MENU}`, { headers: { apikey: keys.fromElsewhere } });
    expect([elsewhere.status, ((await elsewhere.json()) as { code: string }).code]).toEqual([403, '900908']);
    const missing = await fetch(`${server.origin}${MENU}`);
    expect(missing.status).toBe(401);
  });
});

describe('browser tool (key-checker.js) in chromium', () => {
  const PAGE = `<!doctype html><meta charset="utf-8"><title>key checker</title>
<script type="importmap">{ "imports": { "keygate": "/node_modules/keygate/dist/index.js", "keygate/keys": "/node_modules/keygate/dist/keys.js" } }</script>
<textarea id="key"></textarea><button id="check">Check</button><output id="verdict"></output>
<script type="module" src="/key-checker.js"></script>`;
  let site: TestServer;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    site = await serveStatic(dir, { '/checker.html': PAGE, '/.well-known/jwks.json': keys.jwks });
    chromium = await launchChromium(inject('chromium'));
  });
  afterAll(async () => {
    await chromium?.close();
    await site?.close();
  });

  it('verifies a pasted key against the JWKS with the browser\'s WebCrypto', async () => {
    const page = await chromium.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(`${site.origin}/checker.html`);
    const check = async (key: string): Promise<string> => {
      await page.evaluate(() => (document.querySelector('#verdict')!.textContent = ''));
      await page.fill('#key', key);
      await page.click('#check');
      await page.waitForFunction(() => document.querySelector('#verdict')!.textContent !== '', undefined, { timeout: 30_000 });
      return (await page.textContent('#verdict')) ?? '';
    };
    expect(await check(keys.apiKey)).toBe(`valid: PRODUCTION key of application ${APP_UUID} for PizzaShackAPI`);
    expect(await check(keys.tampered)).toBe('401 900901: The API key signature is invalid');
    expect(await check('')).toMatch(/^401 900902: /);
    expect(errors).toEqual([]);
  });
});
