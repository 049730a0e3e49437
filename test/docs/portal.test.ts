/**
 * docs/portal.md: the key service's snippets run as written (in memory, behind Hono, and over the
 * test Redis with a local identity provider), and print and answer what the page says.
 */
import { format } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, inject, it, vi } from 'vitest';
import type { ValidationResult } from '../../src/index.js';
import type { LastUsedTracker } from '../../src/gateway/index.js';
import type { KeyService, MemoryKeyInventory } from '../../src/service/index.js';
import { listen } from '../helpers/http.js';
import { runSnippet, snippetFile, snippetsOf } from '../helpers/snippets.js';
import { uniquePrefix } from '../redis/clients.js';
import { expectedOutput } from './guide-runner.js';

const DOC = 'docs/portal.md';
const snippet = (file: string): string => snippetFile(DOC, file).replace("from './fixtures.js'", "from '../helpers/fixtures.js'");
const BASE = '/api/am/devportal/v3';

/** Runs a snippet, capturing what it prints. */
async function run(code: string, name: string): Promise<{ exports: Record<string, unknown>; printed: string[] }> {
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(format(...args)));
  try {
    return { exports: await runSnippet(code, name), printed };
  } finally {
    log.mockRestore();
  }
}

describe('docs/portal.md', () => {
  it('runs every snippet it has', () => {
    expect(snippetsOf(DOC).map((code) => code.split('\n', 1)[0])).toEqual(['// key-service.ts', '// portal-app.ts', '// portal-fleet.ts', '// last-used.ts']);
  });

  it('the setup generates a key valid at the gateway, lists it, revokes it by jti, and prints what it says', async () => {
    const code = snippet('key-service.ts');
    const { exports, printed } = await run(code, 'portal-key-service');
    expect(printed).toEqual(expectedOutput(code));
    expect(printed).toEqual(['true revoked']);
    const { before, after, keys } = exports as { before: ValidationResult; after: ValidationResult; keys: { count: number; list: unknown[] } };
    expect(before).toMatchObject({ ok: true, keyType: 'PRODUCTION', api: { name: 'PizzaShackAPI' } });
    expect(after).toMatchObject({ ok: false, status: 401, reason: 'revoked' });
    // The list's shape, as the endpoints' table gives it.
    expect(keys.count).toBe(1);
    expect(keys.list[0]).toEqual({
      keyName: expect.stringMatching(/^production-[\w-]{8}$/),
      jti: expect.any(String),
      applicationId: expect.any(String),
      keyType: 'PRODUCTION',
      createdTime: expect.any(String),
      validityPeriod: 3600,
      expiryTime: expect.any(String),
      additionalProperties: { permittedIP: '', permittedReferer: '*.example.com/*' },
    });
  });

  it('the Hono app serves the service under its base path', async () => {
    const { exports } = await run(snippet('key-service.ts'), 'portal-key-service-for-hono');
    // The snippet imports './key-service.js': hand it the module just run.
    (globalThis as { keygatePortalService?: unknown }).keygatePortalService = exports;
    const code = snippet('portal-app.ts').replace(
      "import { service } from './key-service.js';",
      "const { service } = (globalThis as unknown as { keygatePortalService: { service: import('../../src/service/index.js').KeyService } }).keygatePortalService;",
    );
    const { app } = (await runSnippet(code, 'portal-app')) as { app: { request(path: string, init?: RequestInit): Promise<Response> } };
    const signedIn = await app.request(`${BASE}/applications`, { headers: { authorization: 'Bearer token-of-kanchana' } });
    expect(signedIn.status).toBe(200);
    const names = ((await signedIn.json()) as { list: { name: string }[] }).list.map((a) => a.name);
    expect(names).toEqual(['DefaultApplication', 'Mobile']);
    expect((await app.request(`${BASE}/applications`)).status).toBe(401);
    expect((await app.request(`${BASE}/nothing-here`, { headers: { authorization: 'Bearer token-of-kanchana' } })).status).toBe(404);
  });

  it('the last-used snippet records a use only once the tracker writes, and prints what it says', async () => {
    const code = snippet('last-used.ts');
    const { exports, printed } = await run(code, 'portal-last-used');
    expect(printed).toEqual(expectedOutput(code));
    const { inventory, tracker } = exports as { inventory: MemoryKeyInventory; tracker: LastUsedTracker };
    const [entry] = inventory.list('app-1');
    expect(Math.abs(entry!.lastUsedAt! - Date.now() / 1000)).toBeLessThan(5);
    expect(tracker.stats()).toEqual({ pending: 0, written: 1, failed: 0, skipped: 0 });
    await tracker.close();
  });

  it('the fleet setup authenticates with the identity provider\'s tokens and keeps its keys in Redis', async () => {
    // A local identity provider: the JWKS the snippet fetches, and a token it signs.
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'idp-1', alg: 'ES256' }] });
    const idp = await listen((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
    const token = (subject: string, audience = 'devportal') =>
      new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'idp-1' }).setIssuer('https://login.example.com').setAudience(audience)
        .setSubject(subject).setExpirationTime('5m').sign(privateKey);
    const prefix = uniquePrefix();
    const saved = process.env.REDIS_URL;
    process.env.REDIS_URL = `redis://127.0.0.1:${String(inject('redisPort'))}`;
    let client: { destroy(): void } | undefined;
    try {
      const code = snippet('portal-fleet.ts')
        .replace("'https://login.example.com/.well-known/jwks.json'", `'${idp.origin}/.well-known/jwks.json'`)
        .replace("const prefix = 'shop:';", `const prefix = '${prefix}';`);
      const m = (await runSnippet(code, 'portal-fleet')) as { client: { destroy(): void }; service: KeyService };
      client = m.client;
      const call = async (method: string, path: string, bearer: string, body?: unknown) => {
        const response = await m.service(new Request(`https://portal.example.com${BASE}${path}`, {
          method,
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }));
        const text = await response.text();
        return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
      };
      const kanchana = await token('kanchana');
      const app = await call('POST', '/applications', kanchana, { name: 'Fleet', throttlingPolicy: 'Unlimited' });
      expect(app.status).toBe(201);
      const appId = String(app.body!.applicationId);
      const generated = await call('POST', `/applications/${appId}/api-keys/SANDBOX/generate`, kanchana, { validityPeriod: 600 });
      expect(generated).toMatchObject({ status: 200, body: { validityTime: 600 } });
      const listed = await call('GET', `/applications/${appId}/api-keys`, kanchana);
      expect(listed.body).toMatchObject({ count: 1, list: [{ keyType: 'SANDBOX', validityPeriod: 600 }] });
      // Another subscriber of the same identity provider sees nothing of it; a token for another audience is no sign-in.
      expect((await call('GET', `/applications/${appId}/api-keys`, await token('guest'))).status).toBe(404);
      expect((await call('GET', '/applications', await token('kanchana', 'another-app'))).status).toBe(401);
      expect((await call('GET', '/applications', 'not-a-token')).status).toBe(401);
      expect((await call('DELETE', `/applications/${appId}`, kanchana)).status).toBe(200);
    } finally {
      client?.destroy();
      await idp.close();
      if (saved === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = saved;
    }
  });
});
