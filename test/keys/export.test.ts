import { describe, expect, it } from 'vitest';
import { exportJwk, exportPrivateKeyPem, exportPublicKeyPem } from '../../src/keys/export.js';
import { generateKeyPair } from '../../src/keys/generate.js';
import { importPublicKey } from '../../src/keys/import.js';
import { expectKeygateError } from './helpers.js';
import { pemToDer, selfSignedCertificate } from './openssl.js';

describe('exports', () => {
  it('a public JWK holds the key members, kid, alg and use only', async () => {
    const { publicKey } = await generateKeyPair({ alg: 'ES384', alias: 'k1' });
    const jwk = await exportJwk(publicKey);
    expect(Object.keys(jwk).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-384', kid: 'k1', alg: 'ES384', use: 'sig' });
    const rsa = await exportJwk((await generateKeyPair({ alg: 'PS256' })).publicKey);
    expect(Object.keys(rsa).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    const ed = await exportJwk((await generateKeyPair({ alg: 'EdDSA' })).publicKey);
    expect(ed).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
  });

  it('a certificate key gets WSO2-style x5t and x5t#S256', async () => {
    const { cert } = selfSignedCertificate();
    const key = await importPublicKey(cert, { alias: 'wso2carbon' });
    const jwk = await exportJwk(key);
    expect(jwk.x5t).toBe(key.certificate!.x5t);
    expect(jwk['x5t#S256']).toBe(key.certificate!.x5tS256);
    expect(Buffer.from(jwk.x5t!, 'base64url').toString()).toMatch(/^[0-9a-f]{40}$/);
  });

  it('private exports need an extractable key', async () => {
    const locked = await generateKeyPair({ alg: 'ES256' });
    await expectKeygateError(() => exportPrivateKeyPem(locked.privateKey), 'ERR_INVALID_OPTION');
    await expect(exportJwk(locked.privateKey)).rejects.toThrow(/extractable: true/);
    const open = await generateKeyPair({ alg: 'ES256', extractable: true });
    const jwk = await exportJwk(open.privateKey);
    expect(typeof jwk.d).toBe('string');
    const pem = await exportPrivateKeyPem(open.privateKey);
    expect(pemToDer(pem, 'pkey').length).toBeGreaterThan(60);
  });

  it('PEM exports are what openssl reads back', async () => {
    const { publicKey } = await generateKeyPair();
    const pem = await exportPublicKeyPem(publicKey);
    expect(pemToDer(pem, 'pubkey').toString('base64')).toBe(pem.split('\n').filter((l) => l && !l.startsWith('-----')).join(''));
  });

  it('refuses the wrong kind of key', async () => {
    const pair = await generateKeyPair({ alg: 'ES256', extractable: true });
    await expectKeygateError(() => exportPublicKeyPem(pair.privateKey as never), 'ERR_INVALID_OPTION');
    await expectKeygateError(() => exportPrivateKeyPem(pair.publicKey as never), 'ERR_INVALID_OPTION');
    await expectKeygateError(() => exportJwk({} as never), 'ERR_INVALID_OPTION');
    await expectKeygateError(() => exportJwk(undefined as never), 'ERR_INVALID_OPTION');
  });
});
