import { describe, expect, it } from 'vitest';
import { SUPPORTED_ALGORITHMS } from '../../src/jws/algorithms.js';
import { familyOfJwk, resolveAlgorithm } from '../../src/keys/detect.js';
import type { KeyFamily } from '../../src/keys/detect.js';
import type { Algorithm } from '../../src/keys/types.js';
import { expectKeygateError } from './helpers.js';

const RSA: KeyFamily = { kty: 'RSA', pssOnly: false };
const RSA_PSS: KeyFamily = { kty: 'RSA', pssOnly: true };
const P256: KeyFamily = { kty: 'EC', crv: 'P-256' };
const P384: KeyFamily = { kty: 'EC', crv: 'P-384' };
const P521: KeyFamily = { kty: 'EC', crv: 'P-521' };
const ED: KeyFamily = { kty: 'OKP', crv: 'Ed25519' };

describe('resolveAlgorithm', () => {
  it('derives the algorithm when none is requested', () => {
    expect(resolveAlgorithm(RSA, undefined)).toBe('RS256');
    expect(resolveAlgorithm(RSA_PSS, undefined)).toBe('PS256');
    expect(resolveAlgorithm(P256, undefined)).toBe('ES256');
    expect(resolveAlgorithm(P384, undefined)).toBe('ES384');
    expect(resolveAlgorithm(P521, undefined)).toBe('ES512');
    expect(resolveAlgorithm(ED, undefined)).toBe('EdDSA');
  });

  const allowed: ReadonlyArray<[KeyFamily, readonly Algorithm[]]> = [
    [RSA, ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']],
    [RSA_PSS, ['PS256', 'PS384', 'PS512']],
    [P256, ['ES256']],
    [P384, ['ES384']],
    [P521, ['ES512']],
    [ED, ['EdDSA']],
  ];
  it.each(allowed)('%o accepts exactly %o', async (family, algs) => {
    for (const alg of SUPPORTED_ALGORITHMS) {
      if (algs.includes(alg)) expect(resolveAlgorithm(family, alg)).toBe(alg);
      else await expectKeygateError(() => resolveAlgorithm(family, alg), 'ERR_UNSUPPORTED_ALGORITHM');
    }
  });

  it('says what the key is and what it needs', () => {
    expect(() => resolveAlgorithm(RSA, 'ES256')).toThrow('alg ES256 cannot be used with an RSA key');
    expect(() => resolveAlgorithm(P384, 'ES256')).toThrow('alg ES256 cannot be used with an EC P-384 key (it needs ES384)');
    expect(() => resolveAlgorithm(RSA_PSS, 'RS256')).toThrow('an RSA-PSS-only key');
  });
});

describe('familyOfJwk', () => {
  it('maps kty and crv', () => {
    expect(familyOfJwk({ kty: 'RSA' })).toEqual(RSA);
    expect(familyOfJwk({ kty: 'EC', crv: 'P-521' })).toEqual(P521);
    expect(familyOfJwk({ kty: 'OKP', crv: 'Ed25519' })).toEqual(ED);
  });

  it('refuses symmetric keys and unknown curves or types', async () => {
    await expectKeygateError(() => familyOfJwk({ kty: 'oct' }), 'ERR_UNSUPPORTED_ALGORITHM');
    await expectKeygateError(() => familyOfJwk({ kty: 'EC', crv: 'secp256k1' }), 'ERR_UNSUPPORTED_ALGORITHM');
    await expectKeygateError(() => familyOfJwk({ kty: 'OKP', crv: 'X25519' }), 'ERR_UNSUPPORTED_ALGORITHM');
    await expectKeygateError(() => familyOfJwk({ kty: 'DSA' }), 'ERR_INVALID_KEY_MATERIAL');
    await expectKeygateError(() => familyOfJwk({}), 'ERR_INVALID_KEY_MATERIAL');
  });
});

describe('familyOfJwk messages', () => {
  it('quote short values only', () => {
    expect(() => familyOfJwk({ kty: 'DSA' })).toThrow('unsupported JWK kty "DSA"');
    expect(() => familyOfJwk({ kty: 'x'.repeat(1000) })).toThrow('unsupported JWK kty string:');
    expect(() => familyOfJwk({ kty: 'EC', crv: 7 })).toThrow('unsupported JWK crv number:');
  });
});
