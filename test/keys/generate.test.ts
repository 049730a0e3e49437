import { describe, expect, it } from 'vitest';
import { SUPPORTED_ALGORITHMS } from '../../src/jws/algorithms.js';
import { generateKeyPair } from '../../src/keys/generate.js';
import { expectKeygateError, signsAndVerifies } from './helpers.js';

describe('generateKeyPair', () => {
  it('defaults to RS256, 2048 bits, the WSO2 alias and a non-extractable private key', async () => {
    const { privateKey, publicKey } = await generateKeyPair();
    expect(privateKey.type).toBe('private');
    expect(publicKey.type).toBe('public');
    expect(privateKey.alg).toBe('RS256');
    expect(publicKey.alias).toBe('gateway_certificate_alias');
    expect(privateKey.alias).toBe('gateway_certificate_alias');
    expect(privateKey.cryptoKey.extractable).toBe(false);
    expect(publicKey.cryptoKey.extractable).toBe(true);
    const algorithm = publicKey.cryptoKey.algorithm as RsaHashedKeyAlgorithm;
    expect(algorithm.name).toBe('RSASSA-PKCS1-v1_5');
    expect(algorithm.modulusLength).toBe(2048);
    expect(algorithm.hash.name).toBe('SHA-256');
    expect(privateKey.certificate).toBeUndefined();
    expect(Object.isFrozen(privateKey)).toBe(true);
  });

  it.each(SUPPORTED_ALGORITHMS)('%s generates a pair that signs and verifies', async (alg) => {
    const { privateKey, publicKey } = await generateKeyPair({ alg, alias: `k-${alg}` });
    expect(privateKey.alg).toBe(alg);
    expect(publicKey.alias).toBe(`k-${alg}`);
    expect(await signsAndVerifies(privateKey, publicKey)).toBe(true);
  });

  it.each([3072, 4096] as const)('honours modulusLength %i', async (modulusLength) => {
    const { publicKey } = await generateKeyPair({ alg: 'PS256', modulusLength });
    expect((publicKey.cryptoKey.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(modulusLength);
  });

  it('makes the private key extractable only on request', async () => {
    const { privateKey } = await generateKeyPair({ alg: 'ES256', extractable: true });
    expect(privateKey.cryptoKey.extractable).toBe(true);
  });

  it('refuses bad options with a KeygateError naming the field', async () => {
    await expectKeygateError(() => generateKeyPair({ alg: 'HS256' as never }), 'ERR_UNSUPPORTED_ALGORITHM');
    await expectKeygateError(() => generateKeyPair({ alg: 'none' as never }), 'ERR_UNSUPPORTED_ALGORITHM');
    await expectKeygateError(() => generateKeyPair({ modulusLength: 1024 as never }), 'ERR_INVALID_OPTION');
    await expectKeygateError(() => generateKeyPair({ alg: 'ES256', modulusLength: 2048 }), 'ERR_INVALID_OPTION');
    await expectKeygateError(() => generateKeyPair({ alias: '' }), 'ERR_INVALID_OPTION');
    await expectKeygateError(() => generateKeyPair({ alias: 'x'.repeat(257) }), 'ERR_INVALID_OPTION');
    await expectKeygateError(() => generateKeyPair({ extractable: 'yes' as never }), 'ERR_INVALID_OPTION');
  });

  it('reports a runtime without the algorithm as ERR_RUNTIME_UNSUPPORTED', async () => {
    const original = globalThis.crypto.subtle.generateKey;
    const subtle = globalThis.crypto.subtle as { generateKey: unknown };
    subtle.generateKey = () => Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'));
    try {
      await expectKeygateError(() => generateKeyPair({ alg: 'EdDSA' }), 'ERR_RUNTIME_UNSUPPORTED');
    } finally {
      subtle.generateKey = original;
    }
  });
});
