/**
 * End to end: `keygate demo` (what `npm run demo` runs), the bin built by the package's tsup config,
 * spawned on a free port; every answer the banner promises is checked, through both key forms and
 * the printed curls.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, importPrivateKey } from '../../../src/keys/index.js';
import { issueKey } from '../../../src/issue/index.js';
import { blocksOf } from '../../docs/guide-runner.js';
import { buildProgram } from '../../helpers/programs.js';
import { startDemo, stopAllDemos, stopDemo, type RunningDemo } from '../../helpers/demo.js';
import { portalOf, serviceCall, signIn } from '../../helpers/portal.js';

/** sha256 of the seed doc's menu JSON, exactly as printed there (ten pizzas, spelling included). */
const SEED_MENU_SHA256 = 'ef2ffe75c0b1582bdcbb7893ae975568f20ec4767a871cabe26390105e5a4121';
const APP_UUID = '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547';

let script = '';
let keyDir = '';
let demo: RunningDemo;

beforeAll(async () => {
  script = await buildProgram('keygate');
  keyDir = mkdtempSync(join(tmpdir(), 'keygate-demo-test-'));
  demo = await startDemo(script, { KEYGATE_DEMO_DIR: keyDir });
});
afterAll(stopAllDemos);

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

async function expectWso2Error(response: Response, status: number, code: string, message: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ code, message });
  expect(typeof body.description).toBe('string');
  expect(JSON.stringify(body)).not.toContain(demo.apiKey.slice(-20));
}

/** A key for the demo's application, signed with the demo's own signing key (as `keygate issue --key` would). */
async function demoKey(options: { permittedIPs?: string[] } = {}): Promise<string> {
  const signingKey = await importPrivateKey(readFileSync(join(keyDir, 'private.pem'), 'utf8'));
  return issueKey({ signingKey, application: { uuid: APP_UUID }, ...options });
}

describe('keygate demo', () => {
  it('prints the key and ready curl commands for the header, query and IP-restricted forms', () => {
    expect(demo.banner).toContain(`signing   ${join(keyDir, 'private.pem')}  (kid gateway_certificate_alias, RS256, created now)`);
    expect(demo.banner).toContain(`-H "apikey: ${demo.apiKey}"`);
    expect(demo.banner).toContain(`${demo.menuUrl}?apikey=${encodeURIComponent(demo.apiKey)}`);
    expect(demo.banner).toContain('# A key restricted to the IPs 127.0.0.1 and ::1');
    expect(demo.menuUrl).toMatch(/^http:\/\/localhost:\d+\/pizzashack\/1\.0\.0\/menu$/);
  });

  it("answers the seed doc's menu, byte for byte, to the key in the apikey header", async () => {
    const response = await get(demo.menuUrl, { apikey: demo.apiKey, accept: 'application/json' });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(createHash('sha256').update(body).digest('hex')).toBe(SEED_MENU_SHA256);
    expect((JSON.parse(body) as unknown[]).length).toBe(10);
  });

  it('answers the menu to the URL-encoded key in the apikey query parameter', async () => {
    const response = await get(`${demo.menuUrl}?apikey=${encodeURIComponent(demo.apiKey)}`);
    expect(response.status).toBe(200);
    expect(createHash('sha256').update(await response.text()).digest('hex')).toBe(SEED_MENU_SHA256);
  });

  it('401 900902 Missing Credentials without a key, with a WWW-Authenticate challenge', async () => {
    const response = await get(demo.menuUrl);
    expect(response.headers.get('www-authenticate')).toMatch(/^ApiKey realm="[^"]+"$/);
    await expectWso2Error(response, 401, '900902', 'Missing Credentials');
  });

  it('401 900901 Invalid Credentials for a damaged key and for a key signed by another key', async () => {
    await expectWso2Error(await get(demo.menuUrl, { apikey: `${demo.apiKey.slice(0, -6)}AAAAAA` }), 401, '900901', 'Invalid Credentials');
    const stranger = await generateKeyPair();
    const forged = await issueKey({ signingKey: stranger.privateKey, application: { uuid: APP_UUID } });
    await expectWso2Error(await get(demo.menuUrl, { apikey: forged }), 401, '900901', 'Invalid Credentials');
  });

  it('403 900908 Resource forbidden for an application that is not subscribed', async () => {
    const unsubscribed = /# A key of an application that is not subscribed.*\ncurl .*-H "apikey: (\S+)"/.exec(demo.banner)?.[1];
    expect(unsubscribed).toBeDefined();
    await expectWso2Error(await get(demo.menuUrl, { apikey: unsubscribed ?? '' }), 403, '900908', 'Resource forbidden');
  });

  it('403 900908 for a key restricted to another IP address', async () => {
    const elsewhere = await demoKey({ permittedIPs: ['192.0.2.10'] });
    await expectWso2Error(await get(demo.menuUrl, { apikey: elsewhere }), 403, '900908', 'Resource forbidden');
  });

  it('every printed command gets the answers its comment announces', () => {
    const commands = demo.banner.split('\n').filter((line) => line.startsWith('curl ') || line.startsWith('for '));
    const answers = commands.map((command) => {
      const out = execFileSync('bash', ['-c', command], { encoding: 'utf8' });
      return command.startsWith('for ') ? out.trim() : /^HTTP\/1\.1 (\d{3})/.exec(out)?.[1];
    });
    expect(answers).toEqual(['200', '200', '200', '403', '401', '401', '200 200 200 429']);
  });

  it('429 900804 Message throttled out, with Retry-After, once the Trial tier is used up', async () => {
    const trialKey = /calls a minute -> .*\nfor .*-H "apikey: (\S+)"/.exec(demo.banner)?.[1] ?? '';
    const statuses: number[] = [];
    let response = await get(demo.menuUrl, { apikey: trialKey });
    for (let i = 0; i < 4 && response.status !== 429; i++) {
      statuses.push(response.status);
      response = await get(demo.menuUrl, { apikey: trialKey });
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectWso2Error(response, 429, '900804', 'Message throttled out');
  });

  it('the backend never receives the key; it learns the caller from the backend JWT', () => {
    const log = demo.output().split('\n').filter((line) => line.startsWith('PizzaShack <- '));
    expect(log.length).toBeGreaterThan(5);
    expect(log).toContain(
      'PizzaShack <- GET /menu: subscriber kanchana, application 1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547, PRODUCTION (backend JWT), no API key received',
    );
    expect(log.filter((line) => !line.endsWith(', no API key received'))).toEqual([]);
  });

  it("docs/invoking.md's curl commands get the menu twice (header and query forms)", () => {
    const [block] = blocksOf('docs/invoking.md', 'sh');
    const script = (block ?? '').replaceAll('http://localhost:8243', new URL(demo.menuUrl).origin);
    const out = execFileSync('bash', ['-euo', 'pipefail', '-c', script], { encoding: 'utf8', env: { ...process.env, KEY: demo.apiKey } });
    expect(out.split('{"name":"BBQ Chicken Bacon"')).toHaveLength(3);
  });

  it("the README's excerpt of the banner matches the real one", () => {
    const readme = readFileSync('README.md', 'utf8');
    const excerpt = readme.slice(readme.indexOf('## The demo'));
    const lines = (blocksOf('README.md', 'text')[0] ?? '').split('\n').filter((line) => line.startsWith('# '));
    expect(excerpt).toContain(lines[0]);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(demo.banner).toContain(line);
  });

  it('the printed keygate issue command mints a key the demo accepts', async () => {
    const command = /More keys for DefaultApplication.*\n(.*)\n/.exec(demo.banner)?.[1] ?? '';
    expect(command).toBe(`node ${script} issue --key ${join(keyDir, 'private.pem')} --app-uuid ${APP_UUID}`);
    const key = execFileSync('bash', ['-c', command], { encoding: 'utf8' }).trim();
    expect((await get(demo.menuUrl, { apikey: key })).status).toBe(200);
  });

  it('serves the developer portal (test/cli/demo/portal.test.ts drives it in Chromium): the page under a CSP, a JSON-only sign-in, the key service behind the session', async () => {
    const portal = portalOf(demo);
    expect(portal.url).toBe(`${new URL(demo.menuUrl).origin}/devportal`);
    const redirect = await fetch(portal.url, { redirect: 'manual' });
    expect([redirect.status, redirect.headers.get('location')]).toEqual([301, '/devportal/']);
    const page = await get(`${portal.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
    expect(await page.text()).toContain('<script type="module" src="portal.js"></script>');
    for (const file of ['portal.js', 'dom.js', 'generate-dialog.js', 'portal.css', 'favicon.svg']) expect((await get(`${portal.url}/${file}`)).status, file).toBe(200);

    const session = (body: string, type = 'application/json') => fetch(`${portal.url}/session`, { method: 'POST', headers: { 'content-type': type }, body });
    expect((await session(JSON.stringify({ username: portal.username, password: 'guess' }))).status).toBe(401);
    expect((await session(`username=${portal.username}&password=${portal.password}`, 'application/x-www-form-urlencoded')).status).toBe(401);
    const signedIn = await session(JSON.stringify({ username: portal.username, password: portal.password }));
    expect(signedIn.headers.get('set-cookie')).toMatch(/^keygate_demo_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const cookie = await signIn(portal);

    expect((await serviceCall(portal, 'keygate_demo_session=forged', 'GET', '/applications')).status).toBe(401);
    const apps = await serviceCall(portal, cookie, 'GET', '/applications');
    expect(apps.body.list.map((app: { name: string }) => app.name)).toEqual(['DefaultApplication']);
    const { body } = await serviceCall(portal, cookie, 'POST', `/applications/${APP_UUID}/api-keys/PRODUCTION/generate`, { validityPeriod: 600 });
    expect((await get(demo.menuUrl, { apikey: body.apikey })).status).toBe(200);
    expect((await serviceCall(portal, cookie, 'POST', `/applications/${APP_UUID}/api-keys/PRODUCTION/revoke`, { apikey: body.apikey })).status).toBe(200);
    await expectWso2Error(await get(demo.menuUrl, { apikey: body.apikey }), 401, '900901', 'Invalid Credentials');

    await fetch(`${portal.url}/session`, { method: 'DELETE', headers: { cookie } });
    expect((await serviceCall(portal, cookie, 'GET', '/applications')).status).toBe(401);
  });

  it('404 900906 for a path outside the API', async () => {
    const response = await get(new URL('/nowhere', demo.menuUrl).href, { apikey: demo.apiKey });
    await expectWso2Error(response, 404, '900906', 'No matching resource found for given API Request');
  });
});

describe('keygate demo, restarted', () => {
  it('reuses its signing key: keys printed by an earlier run stay valid; SIGTERM and SIGINT stop it cleanly', async () => {
    const first = await stopDemo(demo, 'SIGTERM');
    expect(first.code).toBe(0);
    expect(first.rest).toContain('SIGTERM: demo stopped.');
    const second = await startDemo(script, { KEYGATE_DEMO_DIR: keyDir });
    try {
      expect(second.banner).toContain('RS256, reused)');
      expect((await get(second.menuUrl, { apikey: demo.apiKey })).status).toBe(200);
    } finally {
      const exit = await stopDemo(second, 'SIGINT');
      expect(exit.code).toBe(0);
      expect(exit.rest).toContain('SIGINT: demo stopped.');
      expect(exit.stderr).toBe('');
    }
  });

  it('`npm run demo` itself builds, serves the menu and stops on Ctrl-C (SIGINT to its process group)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keygate-npm-demo-'));
    const viaNpm = await startDemo(['npm', 'run', '--silent', 'demo'], { KEYGATE_DEMO_DIR: dir });
    try {
      expect((await get(viaNpm.menuUrl, { apikey: viaNpm.apiKey })).status).toBe(200);
    } finally {
      const exit = await stopDemo(viaNpm, 'SIGINT');
      expect(exit.rest).toContain('SIGINT: demo stopped.');
      expect(exit.stderr).toBe('');
    }
  });

  it('--port wins over PORT', async () => {
    const flagged = await startDemo([process.execPath, script, 'demo', '--port', '0'], { KEYGATE_DEMO_DIR: keyDir, PORT: 'not-a-port' });
    try {
      expect((await get(flagged.menuUrl, { apikey: flagged.apiKey })).status).toBe(200);
    } finally {
      await stopDemo(flagged);
    }
    const refused = await startDemo(script, { KEYGATE_DEMO_DIR: keyDir, PORT: 'not-a-port' }).catch((error: unknown) => error as Error);
    expect((refused as Error).message).toContain("keygate demo: PORT must be a port number (0 to 65535), got 'not-a-port'");
  });

  it('a port in use is a one-line error and exit status 1', async () => {
    const holder = await startDemo(script, { KEYGATE_DEMO_DIR: keyDir });
    try {
      const port = new URL(holder.menuUrl).port;
      const clash = await startDemo(script, { KEYGATE_DEMO_DIR: keyDir, PORT: port }).catch((error: unknown) => error as Error);
      expect(clash).toBeInstanceOf(Error);
      expect((clash as Error).message).toContain(`keygate demo: port ${port} is in use; choose another with --port or PORT`);
    } finally {
      await stopDemo(holder);
    }
  });
});
