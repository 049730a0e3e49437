import { describe, expect, it } from 'vitest';
import {
  createMemorySubscriptionStore,
  createValidator,
  KeygateError,
  type PublicKey,
} from '../../src/index.js';
import { createJwksKeyStore, exportJwks, generateKeyPair } from '../../src/keys/index.js';
import { issueKey } from '../../src/issue/index.js';

const URL_ = 'https://issuer.example.com/.well-known/jwks.json';

/** A fake issuer: serves whatever set it holds, or fails, and counts requests. */
function issuer(initial: readonly PublicKey[]) {
  const state = { keys: [...initial], down: false, status: 200, body: undefined as string | undefined, requests: 0 };
  const fetch = (async (url: string | URL | Request) => {
    state.requests++;
    expect(String(url)).toBe(URL_);
    if (state.down) throw new TypeError('fetch failed');
    const body = state.body ?? JSON.stringify(await exportJwks(state.keys));
    return new Response(body, { status: state.status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { state, fetch };
}

async function keys() {
  const a = await generateKeyPair({ alias: 'key-a' });
  const b = await generateKeyPair({ alg: 'ES256', alias: 'key-b' });
  return { a, b };
}

describe('createJwksKeyStore', () => {
  it('fetches once, then serves kids from the cached set until cacheTtl', async () => {
    const { a, b } = await keys();
    const { state, fetch } = issuer([a.publicKey, b.publicKey]);
    let t = 0;
    const store = createJwksKeyStore(URL_, { fetch, now: () => t, cacheTtl: 60 });
    const [ka, kb] = await Promise.all([store.getKey('key-a'), store.getKey('key-b')]);
    expect(ka).toMatchObject({ type: 'public', alias: 'key-a', alg: 'RS256' });
    expect(kb).toMatchObject({ alias: 'key-b', alg: 'ES256' });
    expect(state.requests).toBe(1);
    t = 59_000;
    await store.getKey('key-a');
    expect(state.requests).toBe(1);
    t = 60_000;
    expect(await store.getKey('key-a')).toBe(ka); // refetched, unchanged: the same object
    expect(state.requests).toBe(2);
    expect(store.list().map((k) => k.alias)).toEqual(['key-a', 'key-b']);
  });

  it('refetches on an unknown kid at most once per cooldown (key rotation without restart)', async () => {
    const { a, b } = await keys();
    const { state, fetch } = issuer([a.publicKey]);
    let t = 0;
    const store = createJwksKeyStore(URL_, { fetch, now: () => t, cooldown: 30 });
    expect(await store.getKey('key-a')).toBeDefined();
    state.keys.push(b.publicKey); // the issuer rotates in a new key
    t = 1000;
    expect(await store.getKey('key-b')).toBeUndefined(); // within the cooldown: no request
    for (let i = 0; i < 100; i++) await store.getKey(`forged-${i}`);
    expect(state.requests).toBe(1);
    t = 30_000;
    expect((await store.getKey('key-b'))?.alias).toBe('key-b');
    expect(state.requests).toBe(2);
  });

  it('replaces a key whose material changed under the same kid', async () => {
    const { a } = await keys();
    const replacement = await generateKeyPair({ alias: 'key-a' });
    const { state, fetch } = issuer([a.publicKey]);
    let t = 0;
    const store = createJwksKeyStore(URL_, { fetch, now: () => t, cacheTtl: 10 });
    const before = await store.getKey('key-a');
    state.keys = [replacement.publicKey];
    t = 10_000;
    const after = await store.getKey('key-a');
    expect(after).not.toBe(before);
    expect(after?.alias).toBe('key-a');
  });

  it('keeps serving the last good set while the issuer is down or answers garbage', async () => {
    const { a } = await keys();
    const { state, fetch } = issuer([a.publicKey]);
    let t = 0;
    const store = createJwksKeyStore(URL_, { fetch, now: () => t, cacheTtl: 10, cooldown: 5 });
    expect(await store.getKey('key-a')).toBeDefined();
    for (const failure of [() => (state.down = true), () => (state.status = 500), () => (state.body = '<html>')]) {
      state.down = false;
      state.status = 200;
      state.body = undefined;
      failure();
      t += 10_000;
      expect(await store.getKey('key-a')).toBeDefined();
    }
    await expect(store.refresh()).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    expect(state.requests).toBe(5);
  });

  it('throws ERR_STORE_UNAVAILABLE before any set was fetched, and retries only after the cooldown', async () => {
    const { a } = await keys();
    const { state, fetch } = issuer([a.publicKey]);
    state.down = true;
    let t = 0;
    const store = createJwksKeyStore(URL_, { fetch, now: () => t, cooldown: 30 });
    await expect(store.getKey('key-a')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    await expect(store.getKey('key-a')).rejects.toThrow(KeygateError);
    expect(state.requests).toBe(1);
    state.down = false;
    t = 30_000;
    expect(await store.getKey('key-a')).toBeDefined();
  });

  it('skips keys it must not trust and keeps the others', async () => {
    const { a } = await keys();
    const good = (await exportJwks([a.publicKey])).keys[0]!;
    const body = JSON.stringify({
      keys: [
        { kty: 'oct', kid: 'hmac', k: 'c2VjcmV0' },
        { ...good, kid: 'enc', use: 'enc' },
        { ...good, kid: undefined },
        { kty: 'RSA', kid: 'broken', n: '!!', e: 'AQAB' },
        'not a key',
        good,
        { ...good, n: 'AQAB' }, // a second key-a: the first one wins
      ],
    });
    const { state, fetch } = issuer([]);
    state.body = body;
    const store = createJwksKeyStore(URL_, { fetch });
    expect(await store.getKey('hmac')).toBeUndefined();
    expect(await store.getKey('enc')).toBeUndefined();
    expect((await store.getKey('key-a'))?.alias).toBe('key-a');
    expect(store.list()).toHaveLength(1);
  });

  it('bounds the size of the set, and uses the global fetch by default', async () => {
    const { a } = await keys();
    const { state, fetch } = issuer([a.publicKey]);
    const small = createJwksKeyStore(URL_, { fetch, maxBytes: 10 });
    await expect(small.getKey('key-a')).rejects.toThrow(/maxBytes/);
    const original = globalThis.fetch;
    globalThis.fetch = fetch;
    try {
      expect(await createJwksKeyStore(URL_).getKey('key-a')).toBeDefined();
    } finally {
      globalThis.fetch = original;
    }
    expect(state.requests).toBe(2);
  });

  it('gives up on a hanging issuer after the timeout', async () => {
    const hanging = ((_url: string, init?: RequestInit) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))))) as typeof fetch;
    const store = createJwksKeyStore(URL_, { fetch: hanging, timeout: 0.05 });
    await expect(store.getKey('key-a')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
  });

  it('lets a validator follow a key rotation without restart, and answers 503 while no set is known', async () => {
    const { a, b } = await keys();
    const { state, fetch } = issuer([a.publicKey]);
    let t = Date.now();
    const validator = createValidator({
      keys: createJwksKeyStore(URL_, { fetch, now: () => t }),
      subscriptions: createMemorySubscriptionStore([{ applicationUuid: 'app', apiContext: '/orders', apiVersion: 'v1' }]),
      apis: [{ name: 'Orders', context: '/orders', version: 'v1' }],
    });
    const call = async (signingKey: typeof a.privateKey) => {
      const apikey = await issueKey({ signingKey, application: { uuid: 'app' } });
      const r = await validator.validate({ url: '/orders/v1/x', headers: { apikey } });
      return r.ok ? 'ok' : r.reason;
    };
    state.down = true;
    expect(await call(a.privateKey)).toBe('store_unavailable');
    state.down = false;
    t += 30_000;
    expect(await call(a.privateKey)).toBe('ok');
    expect(await call(b.privateKey)).toBe('unknown_kid'); // not published yet
    state.keys = [b.publicKey]; // rotation: b in, a out
    t += 30_000;
    expect(await call(b.privateKey)).toBe('ok');
    t += 600_000;
    expect(await call(a.privateKey)).toBe('unknown_kid');
  });

  it('refuses bad options', () => {
    expect(() => createJwksKeyStore('/relative')).toThrow(/absolute/);
    expect(() => createJwksKeyStore('ftp://x/jwks')).toThrow(/http/);
    expect(() => createJwksKeyStore(URL_, { cooldown: -1 })).toThrow(/cooldown/);
    expect(() => createJwksKeyStore(URL_, { cacheTtl: Number.NaN })).toThrow(/cacheTtl/);
  });
});
