import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createValidator, KeygateError, type ValidationResult } from '../../src/index.js';
import { generateKeyPair } from '../../src/keys/index.js';
import { decodeKey, issueKey } from '../../src/issue/index.js';
import { createRestrictions } from '../../src/restrict/index.js';
import { base64UrlEncode } from '../../src/encoding/base64.js';
import { utf8Encode } from '../../src/encoding/utf8.js';
import { APP_UUID, MENU_URL, PIZZA, pizzaGateway, sharedKeyPair, signWso2Style } from '../helpers/fixtures.js';

const b64 = (value: unknown) => base64UrlEncode(utf8Encode(JSON.stringify(value)));
const expectRefused = (r: ValidationResult, status: number, code: number, reason: string) => {
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect([r.status, r.code, r.reason]).toEqual([status, code, reason]);
};

describe('validate: the happy paths', () => {
  it('accepts a key in the apikey header and reports who is calling', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue();
    const r = await gw.call(key);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.applicationUuid).toBe(APP_UUID);
    expect(r.keyType).toBe('PRODUCTION');
    expect(r.api.name).toBe('PizzaShackAPI');
    expect(r.subscription.tier).toBe('Unlimited');
    expect(r.key.alias).toBe('gateway_certificate_alias');
  });

  it('accepts a URL-encoded key in the apikey query parameter', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue();
    const r = await gw.validator.validate({ url: `${MENU_URL}?apikey=${encodeURIComponent(key)}`, headers: {} });
    expect(r.ok).toBe(true);
  });

  it('accepts WSO2-style padded keys, in the header and %3D-encoded in the query', async () => {
    const gw = await pizzaGateway();
    const payload = {
      sub: 'kanchana',
      application: { owner: 'kanchana', tier: 'Unlimited', name: 'DefaultApplication', id: 35, uuid: APP_UUID },
      tierInfo: { Unlimited: { stopOnQuotaReach: true, spikeArrestLimit: 0, spikeArrestUnit: null } },
      keytype: 'PRODUCTION',
      subscribedAPIs: [{ subscriberTenantDomain: 'carbon.super', name: 'PizzaShackAPI', context: '/pizzashack/1.0.0', publisher: 'admin', version: '1.0.0', subscriptionTier: 'Unlimited' }],
      iat: 1571765696,
      jti: 'a9ef01fb-d405-44a6-9ed2-6e7af52dd783',
    };
    // No token_type: older WSO2 keys are recognised by their application claim.
    const header = { x5t: 'ZjRmYTMwNTJjOWU5MmIzMjgzNDI3Y2IyMmIyY2EzMjdhZjViMjc0Zg==', kid: 'gateway_certificate_alias', typ: 'JWT', alg: 'RS256' };
    const key = await signWso2Style(header, payload, gw.pair.privateKey);
    expect(key).toMatch(/=\./);
    expect((await gw.call(key)).ok).toBe(true);
    const viaQuery = await gw.validator.validate({ url: `${MENU_URL}?apikey=${encodeURIComponent(key)}`, headers: {} });
    expect(viaQuery.ok).toBe(true);
  });

  it('reads the key from a per-API header and from a plain headers record (any case)', async () => {
    const gw = await pizzaGateway({ apis: [{ ...PIZZA, header: 'X-Pizza-Key' }] });
    const key = await gw.issue();
    expect((await gw.validator.validate({ url: MENU_URL, headers: { 'x-pizza-key': key } })).ok).toBe(true);
    expectRefused(await gw.validator.validate({ url: MENU_URL, headers: { apikey: key } }), 401, 900902, 'missing_key');
  });

  it('lets context.api pick the API instead of the path', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue();
    const r = await gw.validator.validate({ url: '/anything', headers: { apikey: key } }, { api: 'PizzaShackAPI' });
    expect(r.ok).toBe(true);
  });

  it('accepts full keys that list the API, and sandbox keys', async () => {
    const gw = await pizzaGateway();
    const full = await gw.issue({ lightweight: false, subscriptions: [{ name: 'PizzaShackAPI', context: '/pizzashack/1.0.0', version: '1.0.0' }] });
    expect((await gw.call(full)).ok).toBe(true);
    const sandbox = await gw.issue({ keyType: 'SANDBOX' });
    const r = await gw.call(sandbox);
    expect(r.ok && r.keyType).toBe('SANDBOX');
  });
});

describe('validate: refusals carry WSO2 codes', () => {
  it('900902 when no key is sent, or an empty one', async () => {
    const gw = await pizzaGateway();
    expectRefused(await gw.validator.validate({ url: MENU_URL, headers: {} }), 401, 900902, 'missing_key');
    expectRefused(await gw.call('   '), 401, 900902, 'missing_key');
  });

  it('404 for a path no API serves', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue();
    expectRefused(await gw.call(key, { url: 'https://gw.example.com/pizzashack/2.0.0/menu' }), 404, 900906, 'unknown_api');
    expectRefused(await gw.call(key, { url: 'https://gw.example.com/pizzashack/1.0.0x' }), 404, 900906, 'unknown_api');
  });

  it('900901 for tampered header, payload or signature', async () => {
    const gw = await pizzaGateway();
    const [h, p, s] = (await gw.issue()).split('.') as [string, string, string];
    const otherPayload = b64({ ...JSON.parse(atob(p.replace(/-/g, '+').replace(/_/g, '/'))), keytype: 'SANDBOX' });
    expectRefused(await gw.call(`${h}.${otherPayload}.${s}`), 401, 900901, 'bad_signature');
    const otherHeader = b64({ kid: 'gateway_certificate_alias', typ: 'JWT', alg: 'RS256', extra: 1 });
    expectRefused(await gw.call(`${otherHeader}.${p}.${s}`), 401, 900901, 'bad_signature');
    const flipped = (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    expectRefused(await gw.call(`${h}.${p}.${flipped}`), 401, 900901, 'bad_signature');
    expectRefused(await gw.call(`${h}.${p}.`), 401, 900901, 'malformed_key');
  });

  it('900901 for alg none in any spelling, and for HS256 keyed with the RSA public key', async () => {
    const gw = await pizzaGateway();
    const [, p] = (await gw.issue()).split('.') as [string, string];
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      const h = b64({ kid: 'gateway_certificate_alias', typ: 'JWT', alg });
      expectRefused(await gw.call(`${h}.${p}.`), 401, 900901, 'malformed_key');
      expectRefused(await gw.call(`${h}.${p}.AAAA`), 401, 900901, 'unsupported_algorithm');
    }
    // The classic confusion attack: HMAC with the public key's bytes as the secret.
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', gw.pair.publicKey.cryptoKey));
    const hmac = await crypto.subtle.importKey('raw', spki, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const h = b64({ kid: 'gateway_certificate_alias', typ: 'JWT', alg: 'HS256' });
    const sig = new Uint8Array(await crypto.subtle.sign('HMAC', hmac, utf8Encode(`${h}.${p}`)));
    expectRefused(await gw.call(`${h}.${p}.${base64UrlEncode(sig)}`), 401, 900901, 'unsupported_algorithm');
  });

  it('900901 for an unknown kid, a crit header, a wrong typ, a non-API-key token', async () => {
    const gw = await pizzaGateway();
    const other = await generateKeyPair({ alias: 'somebody_else' });
    expectRefused(await gw.call(await issueKey({ signingKey: other.privateKey, application: { uuid: APP_UUID } })), 401, 900901, 'unknown_kid');
    const sign = (header: Record<string, unknown>, payload: Record<string, unknown>) => signWso2Style(header, payload, gw.pair.privateKey);
    const claims = { application: { uuid: APP_UUID }, keytype: 'PRODUCTION', token_type: 'apiKey', jti: 'j1' };
    const base = { kid: 'gateway_certificate_alias', alg: 'RS256' };
    expect((await gw.call(await sign(base, claims))).ok).toBe(true);
    expectRefused(await gw.call(await sign({ ...base, crit: ['exp'] }, claims)), 401, 900901, 'not_an_api_key');
    expectRefused(await gw.call(await sign({ ...base, typ: 'at+jwt' }, claims)), 401, 900901, 'not_an_api_key');
    expectRefused(await gw.call(await sign({ ...base, kid: 'k'.repeat(300) }, claims)), 401, 900901, 'not_an_api_key');
    expectRefused(await gw.call(await sign(base, { ...claims, token_type: 'access' })), 401, 900901, 'not_an_api_key');
    expectRefused(await gw.call(await sign(base, { keytype: 'PRODUCTION', jti: 'x' })), 401, 900901, 'not_an_api_key');
    // jku / x5u / jwk / x5c cannot smuggle in a key: they are ignored.
    const smuggled = await sign({ ...base, jku: 'https://evil.example/jwks', jwk: { kty: 'RSA' } }, claims);
    expect((await gw.call(smuggled)).ok).toBe(true);
  });

  it('900901 for truncated, oversized, non-JSON and non-object keys', async () => {
    const gw = await pizzaGateway({ maxKeyLength: 4096 });
    const key = await gw.issue();
    expectRefused(await gw.call(key.slice(0, key.length - 10)), 401, 900901, 'bad_signature');
    expectRefused(await gw.call(key.slice(0, key.indexOf('.'))), 401, 900901, 'malformed_key');
    expectRefused(await gw.call(`${key}.${'A'.repeat(5000)}`), 401, 900901, 'malformed_key');
    expectRefused(await gw.call(`${b64('x').slice(0, 3)}notjson.${b64([1])}.AAAA`), 401, 900901, 'malformed_key');
    // The payload is parsed only once the signature checks out: signed non-objects are malformed,
    // unsigned ones are refused for their signature without being parsed.
    const header = b64({ kid: 'gateway_certificate_alias', alg: 'RS256', typ: 'JWT' });
    const signed = async (payloadText: string) => {
      const input = `${header}.${base64UrlEncode(utf8Encode(payloadText))}`;
      const sig = await crypto.subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, gw.pair.privateKey.cryptoKey, utf8Encode(input));
      return `${input}.${base64UrlEncode(new Uint8Array(sig))}`;
    };
    for (const payload of ['[1,2]', 'not json', '{"a":'.repeat(20) + '1' + '}'.repeat(20)]) {
      expectRefused(await gw.call(await signed(payload)), 401, 900901, 'malformed_key');
      expectRefused(await gw.call(`${header}.${base64UrlEncode(utf8Encode(payload))}.AAAA`), 401, 900901, 'bad_signature');
    }
    expectRefused(await gw.call(`${key.slice(0, -2)}+${key.slice(-1)}`), 401, 900901, 'malformed_key');
    expectRefused(await gw.call(`${key.slice(0, 40)} ${key.slice(40)}`), 401, 900901, 'malformed_key');
  });

  it('900901 for expired and not-yet-valid keys, with clock tolerance', async () => {
    let now = Date.UTC(2026, 0, 1);
    const gw = await pizzaGateway({ now: () => now, clockTolerance: 30 });
    const key = await gw.issue({ validityPeriod: 60, now: () => now });
    expect((await gw.call(key)).ok).toBe(true);
    now += 60_000 + 29_000;
    expect((await gw.call(key)).ok).toBe(true);
    now += 2_000;
    expectRefused(await gw.call(key), 401, 900901, 'expired');
    const sign = (payload: Record<string, unknown>) => signWso2Style({ kid: 'gateway_certificate_alias', alg: 'RS256', typ: 'JWT' }, payload, gw.pair.privateKey);
    const claims = { application: { uuid: APP_UUID }, keytype: 'PRODUCTION', token_type: 'apiKey', jti: 'j2' };
    expectRefused(await gw.call(await sign({ ...claims, nbf: now / 1000 + 3600 })), 401, 900901, 'not_yet_valid');
    expectRefused(await gw.call(await sign({ ...claims, exp: '9999999999' })), 401, 900901, 'malformed_key');
    expectRefused(await gw.call(await sign({ ...claims, exp: null })), 401, 900901, 'malformed_key');
  });

  it('900901 for a revoked key, on the very next request', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue();
    const r = await gw.call(key);
    expect(r.ok).toBe(true);
    if (r.ok) gw.revocations.revoke(r.jti);
    expectRefused(await gw.call(key), 401, 900901, 'revoked');
  });

  it('900908 when not subscribed, blocked, or a full key for another API', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue();
    gw.subscriptions.update({ applicationUuid: APP_UUID, apiContext: '/pizzashack', apiVersion: '1.0.0', status: 'BLOCKED' });
    expectRefused(await gw.call(key), 403, 900908, 'subscription_blocked');
    gw.subscriptions.update({ applicationUuid: APP_UUID, apiContext: '/pizzashack', apiVersion: '1.0.0', status: 'PROD_ONLY_BLOCKED' });
    expectRefused(await gw.call(key), 403, 900908, 'subscription_blocked');
    expect((await gw.call(await gw.issue({ keyType: 'SANDBOX' }))).ok).toBe(true);
    for (const status of ['ON_HOLD', 'REJECTED'] as const) {
      gw.subscriptions.update({ applicationUuid: APP_UUID, apiContext: '/pizzashack', apiVersion: '1.0.0', status });
      expectRefused(await gw.call(key), 403, 900908, 'subscription_blocked');
    }
    gw.subscriptions.remove(APP_UUID, '/pizzashack', '1.0.0');
    expectRefused(await gw.call(key), 403, 900908, 'not_subscribed');
    const other = await gw.issue({ application: { uuid: 'another-app' } });
    expectRefused(await gw.call(other), 403, 900908, 'not_subscribed');
  });

  it('900908 for a full key that does not list the called API, even when subscribed', async () => {
    const gw = await pizzaGateway();
    const full = await gw.issue({ lightweight: false, subscriptions: [{ name: 'Other', context: '/other/1.0.0', version: '1.0.0' }] });
    expectRefused(await gw.call(full), 403, 900908, 'not_subscribed');
  });

  it('fails closed on restricted keys when the client address or the Referer is unknown', async () => {
    const gw = await pizzaGateway({ restrictions: createRestrictions() });
    expectRefused(await gw.call(await gw.issue({ permittedIPs: ['10.0.0.0/8'] })), 403, 900908, 'ip_restricted');
    expectRefused(await gw.call(await gw.issue({ permittedReferrers: ['*.example.com/*'] })), 403, 900908, 'referrer_restricted');
  });

  it('503, not a pass, when a store fails; messages never echo the key', async () => {
    const gw = await pizzaGateway({ subscriptions: { find: () => Promise.reject(new Error('db down')) } });
    const key = await gw.issue();
    const r = await gw.call(key);
    expectRefused(r, 503, 900900, 'store_unavailable');
    if (!r.ok) expect(JSON.stringify(r)).not.toContain(key.slice(0, 20));
  });

  it('asks the revocation and subscription stores at once (one round trip with remote stores)', async () => {
    const asked: string[] = [];
    let subscriptionAsked!: () => void;
    const bothAsked = new Promise<void>((resolve) => (subscriptionAsked = resolve));
    const memory = (await pizzaGateway()).subscriptions;
    const gw = await pizzaGateway({
      // Answers only once the subscription store has been asked too: asking in turn would hang.
      revocations: { isRevoked: async () => (asked.push('revocation'), await bothAsked, false), revoke: () => undefined },
      subscriptions: { find: async (...args) => (asked.push('subscription'), subscriptionAsked(), memory.find(...args)) },
    });
    expect((await gw.call(await gw.issue())).ok).toBe(true);
    expect(asked).toEqual(['revocation', 'subscription']);
  });

  it('answers the same from stores that answer at once and from stores that answer with a promise', async () => {
    const memory = await pizzaGateway();
    const later = await pizzaGateway({
      subscriptions: { find: async (...args) => memory.subscriptions.find(...args) },
      revocations: { isRevoked: async (jti) => memory.revocations.isRevoked(jti), revoke: () => undefined },
    });
    const good = await memory.issue();
    const revoked = await memory.issue();
    memory.revocations.revoke(decodeKey(revoked).payload.jti as string);
    const stranger = await memory.issue({ application: { uuid: 'another-app' } });
    for (const key of [good, revoked, stranger]) {
      const [a, b] = [await memory.call(key), await later.call(key)];
      expect(a.ok ? 'ok' : a.reason).toBe(b.ok ? 'ok' : b.reason);
    }
    expect((await memory.call(revoked)).ok).toBe(false);
  });
});

describe('createValidator: misconfiguration throws at creation', () => {
  it('names the field', async () => {
    const gw = await pizzaGateway();
    const base = { keys: [gw.pair.publicKey], subscriptions: gw.subscriptions, apis: [PIZZA] };
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ keys: [] }, /keys/],
      [{ keys: [gw.pair.privateKey] }, /public key/],
      [{ subscriptions: {} }, /subscriptions/],
      [{ apis: [] }, /apis/],
      [{ apis: [{ name: 'x', context: 'nos', version: '1' }] }, /context/],
      [{ apis: [PIZZA, PIZZA] }, /base path/],
      [{ algorithms: ['HS256'] }, /algorithms\[0\]/],
      [{ algorithms: ['none'] }, /algorithms\[0\]/],
      [{ clockTolerance: -1 }, /clockTolerance/],
      [{ header: '' }, /header/],
    ];
    for (const [override, message] of bad) {
      expect(() => createValidator({ ...base, ...override } as never)).toThrow(message);
      expect(() => createValidator({ ...base, ...override } as never)).toThrow(KeygateError);
    }
  });
});

describe('validate: many keys in flight at once', () => {
  // Decoding reuses buffers between calls: each call must still get the answer for its own key,
  // whether the key store answers at once or later, and whatever the order of the calls.
  async function inFlight(keyStore: 'at once' | 'later', order: readonly number[]) {
    const pair = await sharedKeyPair();
    const gw = await pizzaGateway(
      keyStore === 'at once' ? {} : { keys: { getKey: async (kid: string) => (kid === pair.publicKey.alias ? pair.publicKey : undefined) } },
    );
    const keys = await Promise.all(Array.from({ length: 24 }, (_, i) => gw.issue({ subject: `user-${i}` })));
    // Every third key carries another key's signature: refused.
    const calls = keys.map((key, i) => {
      if (i % 3 !== 2) return { key, subject: `user-${i}` };
      const other = keys[(i + 1) % keys.length]!;
      return { key: key.slice(0, key.lastIndexOf('.') + 1) + other.slice(other.lastIndexOf('.') + 1), subject: undefined };
    });
    const results = await Promise.all(order.map((i) => gw.call(calls[i]!.key)));
    results.forEach((r, n) => {
      const expected = calls[order[n]!]!.subject;
      if (expected === undefined) expectRefused(r, 401, 900901, 'bad_signature');
      else expect(r.ok && r.claims.sub).toBe(expected);
    });
  }

  it('answers each call for its own key, key store answering at once', async () => {
    await inFlight('at once', Array.from({ length: 24 }, (_, i) => i));
  });

  it('answers each call for its own key, key store answering later, in any order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(Array.from({ length: 24 }, (_, i) => i), { minLength: 2 }), (order) => inFlight('later', order)),
      { numRuns: 5 },
    );
  });
});
