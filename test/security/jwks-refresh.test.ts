/**
 * The JWKS store follows what the issuer says about its keys, and reads no more than it accepts:
 * a key whose `key_ops` stop allowing `verify` (or whose `use` changes) is dropped on refresh, a set
 * sent without Content-Length is refused as soon as it passes maxBytes (it used to be read whole
 * first), and callers asking for a kid while a fetch is under way wait for it.
 */
import { describe, expect, it } from 'vitest';
import { createJwksKeyStore, exportJwks, generateKeyPair } from '../../src/keys/index.js';

const URL_ = 'https://issuer.example.com/.well-known/jwks.json';

describe('createJwksKeyStore refreshes (security)', () => {
  it('drops a key the issuer no longer lets verify, though its material is unchanged', async () => {
    const { publicKey } = await generateKeyPair({ alias: 'key-a' });
    const [jwk] = (await exportJwks([publicKey])).keys;
    let served: Record<string, unknown> = { ...jwk, key_ops: ['verify'] };
    let t = 0;
    const fetch = (async () => new Response(JSON.stringify({ keys: [served] }))) as typeof globalThis.fetch;
    const store = createJwksKeyStore(URL_, { fetch, now: () => t, cacheTtl: 10 });
    expect(await store.getKey('key-a')).toBeDefined();
    served = { ...jwk, key_ops: ['encrypt'] };
    t = 10_000;
    expect(await store.getKey('key-a')).toBeUndefined();
    served = { ...jwk, use: 'enc' };
    t = 20_000;
    expect(await store.getKey('key-a')).toBeUndefined();
  });

  it('stops reading a set without Content-Length once it passes maxBytes', async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode(`{"keys":[${' '.repeat(1000)}`);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(chunk);
      },
    });
    const fetch = (async () => new Response(endless)) as typeof globalThis.fetch;
    const store = createJwksKeyStore(URL_, { fetch, maxBytes: 10_000 });
    await expect(store.getKey('key-a')).rejects.toThrow(/larger than maxBytes/);
    expect(pulled).toBeLessThan(20);
  });

  it('callers asking for a new kid while a fetch for it is under way all get the key', async () => {
    const a = await generateKeyPair({ alias: 'key-a' });
    const b = await generateKeyPair({ alias: 'key-b' });
    const served = [a.publicKey];
    let requests = 0;
    const fetch = (async () => {
      requests++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return new Response(JSON.stringify(await exportJwks(served)));
    }) as typeof globalThis.fetch;
    let t = 0;
    const store = createJwksKeyStore(URL_, { fetch, now: () => t, cooldown: 30 });
    expect(await store.getKey('key-a')).toBeDefined();
    served.push(b.publicKey);
    t = 60_000;
    const found = await Promise.all([1, 2, 3, 4].map(() => store.getKey('key-b')));
    expect(found.every((key) => key?.alias === 'key-b')).toBe(true);
    expect(requests).toBe(2);
  });
});
