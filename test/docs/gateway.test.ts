/** Runs every snippet of docs/gateway.md and checks what each one claims. */
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyValidationSuccess, Jwk, MemoryRevocationStore, ValidationResult, Validator, ValidatorStats } from '../../src/index.js';
import type { JwksKeyStore } from '../../src/keys/index.js';
import type { RevokedKey } from '../../src/issue/index.js';
import type { AuditEvent } from '../../src/gateway/index.js';
import { generateKeyPair, exportJwks } from '../../src/keys/index.js';
import { runSnippet, snippetsOf } from '../helpers/snippets.js';

const DOC = 'docs/gateway.md';
const exportsOf: Record<string, unknown>[] = [];
const realFetch = globalThis.fetch;
const served = new Map<string, unknown>();

describe('docs/gateway.md', () => {
  beforeAll(async () => {
    // The snippets fetch JWKS from made-up hosts: answer them from `served`.
    globalThis.fetch = (async (input: string | URL | Request) => {
      const url = input instanceof Request ? input.url : String(input);
      const body = served.get(url);
      return body === undefined ? new Response('not found', { status: 404 }) : Response.json(body);
    }) as typeof fetch;
    for (const [i, snippet] of snippetsOf(DOC).entries()) exportsOf.push(await runSnippet(snippet, `gateway-md-${i}`));
  }, 60_000);

  afterAll(() => {
    globalThis.fetch = realFetch;
  });

  it('has the snippets this test knows about', () => {
    expect(exportsOf).toHaveLength(11);
  });

  it('backend JWT: the result carries a JWT the backend verifies, with the hook’s claim', async () => {
    const { result, backendJwks } = exportsOf[0] as { result: ValidationResult; backendJwks: { keys: Jwk[] } };
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.backendJwtHeader).toBe('X-JWT-Assertion');
    const { payload } = await jwtVerify(result.backendJwt!, createLocalJWKSet(backendJwks), { issuer: 'wso2.org/products/am' });
    expect(payload).toMatchObject({
      'https://example.com/api-owner': 'PizzaShackAPI-team',
      'http://wso2.org/claims/tier': 'Gold',
      'http://wso2.org/claims/applicationid': '7',
    });

    served.set('https://gateway.example.com/.well-known/backend-jwks.json', backendJwks);
    const { callerOf } = exportsOf[1] as { callerOf: (jwt: string) => Promise<unknown> };
    expect(await callerOf(result.backendJwt!)).toEqual({ application: 'app-1', api: 'PizzaShackAPI', user: 'ana' });
  });

  it('cache: options and stats', () => {
    const { stats, validator } = exportsOf[2] as { stats: ValidatorStats; validator: Validator };
    expect(stats.cache).toEqual({ hits: 0, misses: 0, evictions: 0, expirations: 0, size: 0, maxEntries: 50_000 });
    expect(stats.negativeCache?.maxEntries).toBe(1000);
    validator.close();
  });

  it('throttling: five calls pass, the sixth is 429/900804 with retryAfter 12', () => {
    const { results } = exportsOf[3] as { results: ValidationResult[] };
    expect(results.slice(0, 5).every((r) => r.ok)).toBe(true);
    expect(results[5]).toMatchObject({ ok: false, status: 429, code: 900804, reason: 'throttled_subscription', retryAfter: 12 });
  });

  it('throttling levels: each level counted, a refused call counted nowhere, blocking and policies changed at run time', () => {
    const { first, fourth, items, blocked, unblocked, raised } = exportsOf[4] as Record<'first' | 'fourth' | 'items' | 'blocked' | 'unblocked' | 'raised', ValidationResult<AnyValidationSuccess>>;
    expect(first.ok && first.rateLimits?.map((l) => [l.level, l.tier, l.remaining, l.limit, l.periodSeconds])).toEqual([
      ['api', '10KPerMin', 9999, 10_000, 60],
      ['hardLimit', 'maxTps', 499, 500, 1],
      ['resource', 'Checkout', 2, 3, 60],
      ['subscription', 'Partner', 99_999, 100_000, 86_400],
      ['application', '50PerMin', 49, 50, 60],
      ['spikeArrest', 'Partner', 19, 20, 1],
    ]);
    expect(first.ok && first.rateLimit?.level).toBe('resource');
    expect(fourth).toMatchObject({ ok: false, status: 429, code: 900802, reason: 'throttled_resource', retryAfter: 20 });
    expect(!fourth.ok && fourth.description).toBe('The resource-level tier Checkout allows 3 requests per 60 s to this resource, for all callers; retry after 20 s');
    expect(items.ok && items.rateLimits?.find((l) => l.level === 'application')?.remaining).toBe(46);
    expect(blocked).toMatchObject({ ok: false, status: 403, code: 900805, reason: 'blocking_condition' });
    expect(unblocked.ok).toBe(true);
    expect(raised.ok && raised.rateLimits?.find((l) => l.level === 'resource')).toMatchObject({ limit: 10, remaining: 6 });
  });

  it('per-endpoint limits: a resource tier for all callers, a limiter of your own per caller', async () => {
    const { searches, exports } = exportsOf[5] as Record<'searches' | 'exports', Response[]>;
    expect(searches.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(((await searches[2]!.json()) as { code: string }).code).toBe('900802');
    expect([searches[1]!.headers.get('ratelimit-policy'), searches[1]!.headers.get('ratelimit')]).toEqual(['"resource";q=2;w=60', '"resource";r=0;t=60']);
    expect(exports.map((r) => r.status)).toEqual([200, 429]);
    expect(exports[1]!.headers.get('retry-after')).toBe('3600');
  });

  it('revocation: exp + 300 s, kept for good without exp, by jti with an expiry', () => {
    const { revocations, a, b, c } = exportsOf[6] as Record<'a' | 'b' | 'c', RevokedKey> & { revocations: MemoryRevocationStore };
    expect(a.expiresAt! - Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(3600 + 300 - 5);
    expect(b).toEqual({ jti: expect.any(String) });
    expect(c).toEqual({ jti: '5f0c1b2e-1c9d-4b59-9b8e-2f3a4c5d6e7f', expiresAt: 1_900_000_300 });
    expect([a, b, c].every(({ jti }) => revocations.isRevoked(jti))).toBe(true);
  });

  it('JWKS: the store serves the keys the issuer publishes', async () => {
    const { keys } = exportsOf[7] as { keys: JwksKeyStore };
    const pair = await generateKeyPair({ alias: 'issuer-2026' });
    served.set('https://keys.example.com/.well-known/jwks.json', await exportJwks([pair.publicKey]));
    expect((await keys.getKey('issuer-2026'))?.alias).toBe('issuer-2026');
    expect(await keys.getKey('someone-else')).toBeUndefined();
  });

  it('audit: the refused call is reported with a fingerprint, never the key', () => {
    const { events, fingerprint } = exportsOf[8] as { events: AuditEvent[]; fingerprint: string };
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: 'refused', status: 401, code: 900901, reason: 'malformed_key', api: 'Orders', clientIp: '203.0.113.9' });
    expect(events[0]!.keyFingerprint).toBe(fingerprint);
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(events[0])).not.toContain('not-a-key');
  });

  it('applications: the store names the application, its tier throttles per end user, its state refuses', () => {
    const { first, third, bob, onHold } = exportsOf[9] as Record<'first' | 'third' | 'bob' | 'onHold', ValidationResult>;
    expect(first.ok && first.application).toEqual({ uuid: 'app-1', id: 7, name: 'TrialApplication', owner: 'ana', tier: 'TwoPerMin', attributes: { plan: 'trial' } });
    expect(third).toMatchObject({ ok: false, status: 429, code: 900803, reason: 'throttled_application' });
    expect(bob.ok).toBe(true);
    expect(onHold).toMatchObject({ ok: false, status: 403, code: 900908, reason: 'application_blocked' });
  });

  it('CORS: the preflight is answered without a key, a refusal is readable, another origin gets nothing', async () => {
    const { preflight, refused, foreign } = exportsOf[10] as Record<'preflight' | 'refused' | 'foreign', Response>;
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('apikey');
    expect(preflight.headers.get('access-control-max-age')).toBe('600');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.headers.get('vary')).toBe('Origin');
  });
});
