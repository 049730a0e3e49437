import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKeygateError } from '../../src/errors.js';
import { encodeElement, TAG } from '../../src/keys/der.js';
import { exportJwk, exportPublicKeyPem } from '../../src/keys/export.js';
import { generateKeyPair } from '../../src/keys/generate.js';
import { importKey } from '../../src/keys/import.js';
import { encodePem } from '../../src/keys/pem.js';
import { expectKeygateError } from './helpers.js';
import { pemToDer, selfSignedCertificate } from './openssl.js';

const invalid = (run: () => unknown) => expectKeygateError(run, 'ERR_INVALID_KEY_MATERIAL');

describe('malformed key material', () => {
  const { cert, key } = selfSignedCertificate();
  const certDer = new Uint8Array(pemToDer(cert, 'x509'));
  const keyDer = new Uint8Array(pemToDer(key, 'pkey'));

  it('truncated DER inside valid PEM armour', async () => {
    for (const [label, der] of [['CERTIFICATE', certDer], ['PRIVATE KEY', keyDer]] as const) {
      for (const cut of [1, 2, 10, der.length / 2, der.length - 1]) {
        await invalid(() => importKey(encodePem(label, der.subarray(0, Math.floor(cut)))));
      }
    }
  });

  it('wrong lengths: a declared length longer or shorter than the data, trailing bytes', async () => {
    const longer = certDer.slice();
    longer[3] = (longer[3]! + 1) & 0xff;
    await invalid(() => importKey(encodePem('CERTIFICATE', longer)));
    const trailing = new Uint8Array([...certDer, 0]);
    await invalid(() => importKey(encodePem('CERTIFICATE', trailing)));
    const shorter = keyDer.slice();
    shorter[3] = (shorter[3]! - 1) & 0xff;
    await invalid(() => importKey(encodePem('PRIVATE KEY', shorter)));
  });

  it('well-formed DER that is not a key, and a key whose bytes WebCrypto refuses', async () => {
    await invalid(() => importKey(encodePem('PUBLIC KEY', encodeElement(TAG.SEQUENCE))));
    await invalid(() => importKey(encodePem('PUBLIC KEY', new Uint8Array([0x05, 0x00]))));
    const rsaAlg = new Uint8Array([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]);
    const bogusSpki = encodeElement(TAG.SEQUENCE, rsaAlg, encodeElement(TAG.BIT_STRING, new Uint8Array([0, 1, 2, 3])));
    await invalid(() => importKey(encodePem('PUBLIC KEY', bogusSpki)));
    const bogusPkcs8 = encodeElement(TAG.SEQUENCE, new Uint8Array([2, 1, 0]), rsaAlg, encodeElement(TAG.OCTET_STRING, new Uint8Array(8)));
    await invalid(() => importKey(encodePem('PRIVATE KEY', bogusPkcs8)));
  });

  it('garbage base64, empty and non-PEM text, huge input', async () => {
    await invalid(() => importKey('-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----'));
    await invalid(() => importKey(''));
    await invalid(() => importKey('hello'));
    await invalid(() => importKey(cert.replace('-----END', 'x-----END')));
    await invalid(() => importKey('x'.repeat(10_000_000)));
    await invalid(() => importKey(`${cert}${' '.repeat(70_000)}`));
  });

  it('JWK garbage: not an object, bad JSON, bad members, bad base64url', async () => {
    const jwk = await exportJwk((await generateKeyPair({ alg: 'ES256' })).publicKey);
    await invalid(() => importKey(null as never));
    await invalid(() => importKey(42 as never));
    await invalid(() => importKey([] as never));
    await invalid(() => importKey('{"kty":'));
    await invalid(() => importKey('[1]'));
    await invalid(() => importKey(`{${'"a":{'.repeat(20)}1${'}'.repeat(20)}}`));
    await invalid(() => importKey({ ...jwk, x: '!!!' }));
    await invalid(() => importKey({ ...jwk, x: 'A'.repeat(9000) }));
    await invalid(() => importKey({ ...jwk, y: jwk.x!.slice(1) }));
    await invalid(() => importKey({ kty: 'RSA', n: 'AQAB', e: 'AQAB' }));
    await invalid(() => importKey({ kty: 'RSA', n: 'AQAB', e: 'AQAB', d: 'AQAB' }));
    await invalid(() => importKey({ ...jwk, x5c: 'abc' as never }));
    await invalid(() => importKey({ ...jwk, x5c: new Array(11).fill('AAAA') }));
  });

  it('arbitrary strings and JWK-like objects never raise anything but KeygateError', async () => {
    const publicPem = await exportPublicKeyPem((await generateKeyPair({ alg: 'ES256' })).publicKey);
    const material = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ maxLength: 40 }).map((junk) => publicPem.slice(0, 40) + junk + publicPem.slice(60)),
      fc.dictionary(fc.constantFrom('kty', 'crv', 'x', 'y', 'n', 'e', 'd', 'alg', 'use', 'kid', 'x5c', 'key_ops'), fc.oneof(fc.string(), fc.constantFrom('RSA', 'EC', 'OKP', 'P-256', 'Ed25519', 'ES256', 'none'), fc.integer(), fc.array(fc.string(), { maxLength: 2 }))),
    );
    await fc.assert(
      fc.asyncProperty(material, async (input) => {
        try {
          await importKey(input as string);
        } catch (error) {
          expect(isKeygateError(error), String(error)).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
