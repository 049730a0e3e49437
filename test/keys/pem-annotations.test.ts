import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKeygateError } from '../../src/index.js';
import { exportPrivateKeyPem, exportPublicKeyPem } from '../../src/keys/export.js';
import { generateKeyPair } from '../../src/keys/generate.js';
import { importKey, importPrivateKey, importPublicKey } from '../../src/keys/import.js';
import { annotatePem, readPemAnnotations } from '../../src/keys/pem-annotations.js';
import { expectKeygateError, signsAndVerifies } from './helpers.js';

const PEM = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n';

describe('kid: and alg: lines above a PEM block', () => {
  it('round-trip through annotatePem and readPemAnnotations', () => {
    expect(readPemAnnotations(annotatePem(PEM, 'signing-2026', 'EdDSA'))).toEqual({ kid: 'signing-2026', alg: 'EdDSA' });
    expect(annotatePem(PEM.trimEnd(), 'k', 'RS256')).toBe(`kid: k\nalg: RS256\n${PEM}`);
  });

  it('are read only before the first PEM block; other text there is ignored', () => {
    expect(readPemAnnotations(PEM)).toEqual({});
    const text = `Bag Attributes\r\n    friendlyName: wso2carbon\r\nkid:  spaced \r\nalg:\n${PEM}kid: after\n`;
    expect(readPemAnnotations(text)).toEqual({ kid: 'spaced' });
  });

  it('refuse an unsupported alg, an overlong kid and two different lines for one name', async () => {
    await expectKeygateError(() => readPemAnnotations(`alg: HS256\n${PEM}`), 'ERR_UNSUPPORTED_ALGORITHM');
    await expectKeygateError(() => readPemAnnotations(`kid: ${'k'.repeat(257)}\n${PEM}`), 'ERR_INVALID_KEY_MATERIAL');
    await expectKeygateError(() => readPemAnnotations(`kid: a\nkid: b\n${PEM}`), 'ERR_INVALID_KEY_MATERIAL');
    expect(readPemAnnotations(`kid: a\nkid: a\n${PEM}`)).toEqual({ kid: 'a' });
  });

  it('never throw anything but a KeygateError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        try {
          readPemAnnotations(`${before}\n${PEM}${after}`);
        } catch (error) {
          expect(isKeygateError(error)).toBe(true);
        }
      }),
    );
  });
});

describe('importKey honours the annotations', () => {
  it("takes the alias and algorithm of an annotated PEM (keygen's files), private and public", async () => {
    const pair = await generateKeyPair({ alg: 'PS256', alias: 'signing-2026', extractable: true });
    const privateKey = await importPrivateKey(annotatePem(await exportPrivateKeyPem(pair.privateKey), 'signing-2026', 'PS256'));
    const publicKey = await importPublicKey(annotatePem(await exportPublicKeyPem(pair.publicKey), 'signing-2026', 'PS256'));
    expect([privateKey.alias, privateKey.alg, publicKey.alias, publicKey.alg]).toEqual(['signing-2026', 'PS256', 'signing-2026', 'PS256']);
    expect(await signsAndVerifies(privateKey, publicKey)).toBe(true);
  });

  it('an explicit alias wins over the kid: line; an explicit alg must agree with the alg: line', async () => {
    const pair = await generateKeyPair({ alg: 'ES256' });
    const pem = annotatePem(await exportPublicKeyPem(pair.publicKey), 'from-file', 'ES256');
    expect((await importKey(pem, { alias: 'chosen' })).alias).toBe('chosen');
    expect((await importKey(pem, { alg: 'ES256' })).alg).toBe('ES256');
    const rsa = annotatePem(await exportPublicKeyPem((await generateKeyPair()).publicKey), 'r', 'PS256');
    await expect(importKey(rsa, { alg: 'RS256' })).rejects.toThrow('options.alg RS256 disagrees with the alg: line of the PEM PS256');
  });

  it('refuses an alg: line that does not fit the key', async () => {
    const pem = annotatePem(await exportPublicKeyPem((await generateKeyPair({ alg: 'ES256' })).publicKey), 'k', 'ES384');
    await expectKeygateError(() => importKey(pem), 'ERR_UNSUPPORTED_ALGORITHM');
  });
});
