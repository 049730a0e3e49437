import { afterEach, describe, expect, it, vi } from 'vitest';
import { createValidator, type KeyStore, type PublicKey, type ValidationResult } from '../../src/index.js';
import { generateKeyPair } from '../../src/keys/index.js';
import { issueKey } from '../../src/issue/index.js';
import { createValidationCache, type ValidationCacheOptions } from '../../src/gateway/index.js';
import { APP_UUID, MENU_URL, PIZZA, pizzaGateway as gateway, type KeyOnlyOverrides } from '../helpers/fixtures.js';

/** The PizzaShack gateway with a validation cache (options `cacheOptions`). */
const pizzaGateway = (overrides: KeyOnlyOverrides = {}, cacheOptions?: ValidationCacheOptions) =>
  gateway({ cache: createValidationCache(cacheOptions), ...overrides });

const reasonOf = (r: ValidationResult) => (r.ok ? 'ok' : r.reason);
/** Swaps the payload of a signed key: same signature, different claims. */
const forge = (key: string, payload: Record<string, unknown>) => {
  const [h, , s] = key.split('.');
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
};

afterEach(() => vi.restoreAllMocks());

describe('validation cache', () => {
  it('verifies a key once, then answers from the cache, and counts hits and misses', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue();
    const verify = vi.spyOn(crypto.subtle, 'verify');
    const first = await gw.call(key);
    const second = await gw.call(key);
    expect([reasonOf(first), reasonOf(second)]).toEqual(['ok', 'ok']);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(gw.validator.stats().cache).toMatchObject({ hits: 1, misses: 1, size: 1, maxEntries: 10_000 });
  });

  it('refuses a revoked key on the very next call, cache warm, and evicts it', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue();
    expect((await gw.call(key)).ok).toBe(true);
    expect((await gw.call(key)).ok).toBe(true);
    const { jti } = JSON.parse(Buffer.from(key.split('.')[1]!, 'base64url').toString()) as { jti: string };
    gw.revocations.revoke(jti);
    expect(gw.validator.stats().cache?.size).toBe(0);
    const after = await gw.call(key);
    expect([after.ok, !after.ok && after.status, !after.ok && after.code, reasonOf(after)]).toEqual([false, 401, 900901, 'revoked']);
  });

  it('still checks expiry and the subscription on every cached call', async () => {
    let now = Date.now();
    const gw = await pizzaGateway({ now: () => now });
    const key = await gw.issue({ validityPeriod: 60, now: () => now });
    expect((await gw.call(key)).ok).toBe(true);
    now += 61_000;
    expect(reasonOf(await gw.call(key))).toBe('expired');
    const forever = await gw.issue();
    expect((await gw.call(forever)).ok).toBe(true);
    gw.subscriptions.remove(APP_UUID, PIZZA.context, PIZZA.version);
    expect(reasonOf(await gw.call(forever))).toBe('not_subscribed');
    expect(gw.validator.stats().cache?.hits).toBe(2);
  });

  it('never lets a different key string hit a cached entry', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue();
    expect((await gw.call(key)).ok).toBe(true);
    const claims = JSON.parse(Buffer.from(key.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    const forged = forge(key, { ...claims, keytype: 'SANDBOX' });
    expect(reasonOf(await gw.call(forged))).toBe('bad_signature');
    expect(reasonOf(await gw.call(`${key}x`))).not.toBe('ok');
    expect(gw.validator.stats().cache?.hits).toBe(0);
  });

  it('remembers a forged key, so a flood of it costs one verification', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue();
    const forged = forge(key, { application: { uuid: APP_UUID }, jti: 'x', keytype: 'PRODUCTION', token_type: 'apiKey' });
    const verify = vi.spyOn(crypto.subtle, 'verify');
    for (let i = 0; i < 50; i++) expect(reasonOf(await gw.call(forged))).toBe('bad_signature');
    expect(verify).toHaveBeenCalledTimes(1);
    expect(gw.validator.stats().negativeCache).toMatchObject({ hits: 49, size: 1 });
  });

  it('stops using cached verifications once the key store no longer trusts the key', async () => {
    const pair = await generateKeyPair();
    const trusted = new Map<string, PublicKey>([[pair.publicKey.alias, pair.publicKey]]);
    const keys: KeyStore = { getKey: async (kid) => trusted.get(kid) };
    const gw = await pizzaGateway({ keys });
    const key = await issueKey({ signingKey: pair.privateKey, application: { uuid: APP_UUID } });
    expect((await gw.call(key)).ok).toBe(true);
    expect((await gw.call(key)).ok).toBe(true);
    trusted.clear();
    expect(reasonOf(await gw.call(key))).toBe('unknown_kid');
  });

  it('checks a remembered bad signature again once its kid names another key (a rotation under a fixed kid)', async () => {
    const old = await generateKeyPair();
    const rotated = await generateKeyPair(); // the same alias: gateway_certificate_alias, as WSO2 keeps it
    let current = old.publicKey;
    const keys: KeyStore = { getKey: async (kid) => (kid === current.alias ? current : undefined) };
    const gw = await pizzaGateway({ keys });
    const early = await issueKey({ signingKey: rotated.privateKey, application: { uuid: APP_UUID } });
    expect(reasonOf(await gw.call(early))).toBe('bad_signature'); // reached this gateway before its store was updated
    expect(reasonOf(await gw.call(early))).toBe('bad_signature'); // remembered
    current = rotated.publicKey;
    expect((await gw.call(early)).ok).toBe(true);
  });

  it('holds at most maxEntries keys, and is off without the plugin', async () => {
    const gw = await pizzaGateway({}, { maxEntries: 3, ttl: 60 });
    const keys = await Promise.all(Array.from({ length: 10 }, () => gw.issue()));
    for (const key of keys) expect((await gw.call(key)).ok).toBe(true);
    expect(gw.validator.stats().cache).toMatchObject({ size: 3, evictions: 7 });

    const off = await gateway();
    const verify = vi.spyOn(crypto.subtle, 'verify');
    await off.call(keys[0]!);
    await off.call(keys[0]!);
    expect(verify).toHaveBeenCalledTimes(2);
    expect(off.validator.stats()).toEqual({});
  });

  it('expires cached entries after ttl and refuses bad cache options', async () => {
    let now = Date.now();
    const gw = await pizzaGateway({ now: () => now }, { ttl: 10, negativeTtl: 0 });
    const key = await gw.issue();
    await gw.call(key);
    now += 10_000;
    await gw.call(key);
    expect(gw.validator.stats().cache).toMatchObject({ hits: 0, misses: 2, expirations: 1 });
    expect(gw.validator.stats().negativeCache).toBeUndefined();
    const base = { keys: [gw.pair.publicKey], subscriptions: gw.subscriptions, apis: [PIZZA] };
    for (const options of [{ maxEntries: 0 }, { ttl: -1 }, { negativeTtl: -5 }, 'yes']) {
      expect(() => createValidator({ ...base, cache: createValidationCache(options as never) })).toThrow(/cache/i);
    }
    // The options object of earlier versions, passed straight to the validator: told where the cache went.
    for (const cache of [{ maxEntries: 10 }, false]) {
      expect(() => createValidator({ ...base, cache: cache as never })).toThrow(/cache must be made by createValidationCache\(.*\) from keygate\/gateway/);
    }
  });

  it('lets close() stop the revocation listener', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue();
    await gw.call(key);
    gw.validator.close();
    const { jti } = JSON.parse(Buffer.from(key.split('.')[1]!, 'base64url').toString()) as { jti: string };
    gw.revocations.revoke(jti);
    expect(gw.validator.stats().cache?.size).toBe(1); // not evicted, yet still refused:
    expect(reasonOf(await gw.validator.validate(new Request(MENU_URL, { headers: { apikey: key } })))).toBe('revoked');
  });
});
