import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/keys/generate.js';
import { createStaticKeyStore } from '../../src/keys/static-store.js';
import { expectKeygateError } from './helpers.js';

describe('createStaticKeyStore', () => {
  it('resolves keys by alias and answers undefined for an unknown kid', async () => {
    const a = await generateKeyPair({ alg: 'ES256', alias: 'old' });
    const b = await generateKeyPair({ alg: 'ES256', alias: 'new' });
    const store = createStaticKeyStore([a.publicKey, b.publicKey]);
    expect(store.getKey('old')).toBe(a.publicKey);
    expect(store.getKey('new')).toBe(b.publicKey);
    expect(store.getKey('other')).toBeUndefined();
    expect(store.getKey('__proto__')).toBeUndefined();
    expect(store.getKey('constructor')).toBeUndefined();
    expect(store.list()).toEqual([a.publicKey, b.publicKey]);
  });

  it('refuses a duplicate alias, a private key and a non-array', async () => {
    const a = await generateKeyPair({ alg: 'ES256', alias: 'same' });
    const b = await generateKeyPair({ alg: 'ES256', alias: 'same' });
    await expectKeygateError(() => createStaticKeyStore([a.publicKey, b.publicKey]), 'ERR_INVALID_OPTION');
    await expectKeygateError(() => createStaticKeyStore([a.privateKey as never]), 'ERR_INVALID_OPTION');
    await expectKeygateError(() => createStaticKeyStore([undefined as never]), 'ERR_INVALID_OPTION');
    await expectKeygateError(() => createStaticKeyStore('keys' as never), 'ERR_INVALID_OPTION');
  });
});
