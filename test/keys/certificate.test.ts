import { describe, expect, it } from 'vitest';
import { encodeElement, TAG } from '../../src/keys/der.js';
import { certificateThumbprints, spkiOfCertificate } from '../../src/keys/certificate.js';
import { expectKeygateError } from './helpers.js';
import { fingerprint, openssl, pemToDer, selfSignedCertificate } from './openssl.js';

/** The certificate's public key as `openssl x509 -pubkey` prints it, in DER. */
function opensslSpki(certPem: string): Buffer {
  const out = openssl([['x509', '-in', 'cert.pem', '-noout', '-pubkey', '-out', 'pub.pem']], ['pub.pem'], { 'cert.pem': certPem });
  return pemToDer(out['pub.pem']!.toString('utf8'), 'pubkey');
}

describe('certificates', () => {
  const cases = [
    ['RSA 2048', ['-newkey', 'rsa:2048']],
    ['EC P-384', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384']],
    ['Ed25519', ['-newkey', 'ed25519']],
  ] as const;

  it.each(cases)('%s: reads the SubjectPublicKeyInfo openssl sees', (_name, newkey) => {
    const { cert } = selfSignedCertificate(newkey);
    const der = new Uint8Array(pemToDer(cert, 'x509'));
    expect(Buffer.from(spkiOfCertificate(der))).toEqual(opensslSpki(cert));
  });

  it('computes the thumbprints openssl prints, and WSO2-style x5t values', async () => {
    const { cert } = selfSignedCertificate();
    const thumbprints = await certificateThumbprints(new Uint8Array(pemToDer(cert, 'x509')));
    expect(thumbprints.sha1Hex).toBe(fingerprint(cert, 'sha1'));
    expect(thumbprints.sha256Hex).toBe(fingerprint(cert, 'sha256'));
    // WSO2: base64url, padded, of the hex string (not of the raw digest as RFC 7515 has it).
    expect(thumbprints.x5t).toBe(Buffer.from(thumbprints.sha1Hex).toString('base64url') + '==');
    expect(thumbprints.x5t).toHaveLength(56);
    expect(thumbprints.x5tS256).toBe(Buffer.from(thumbprints.sha256Hex).toString('base64url') + '==');
    expect(Object.isFrozen(thumbprints)).toBe(true);
  });

  it('reads a v1 certificate (no [0] version field)', () => {
    const spki = encodeElement(TAG.SEQUENCE, encodeElement(TAG.SEQUENCE, encodeElement(TAG.OID, new Uint8Array([0x2b, 0x65, 0x70]))), encodeElement(TAG.BIT_STRING, new Uint8Array(33)));
    const seq = () => encodeElement(TAG.SEQUENCE);
    const tbs = encodeElement(TAG.SEQUENCE, encodeElement(TAG.INTEGER, new Uint8Array([1])), seq(), seq(), seq(), seq(), spki);
    const cert = encodeElement(TAG.SEQUENCE, tbs, seq(), encodeElement(TAG.BIT_STRING, new Uint8Array([0])));
    expect(spkiOfCertificate(cert)).toEqual(spki);
  });

  it('refuses structures that are not certificates', async () => {
    const { key } = selfSignedCertificate();
    const pkcs8 = new Uint8Array(pemToDer(key, 'pkey'));
    await expectKeygateError(() => spkiOfCertificate(pkcs8), 'ERR_INVALID_KEY_MATERIAL');
    const empty = encodeElement(TAG.SEQUENCE);
    await expectKeygateError(() => spkiOfCertificate(empty), 'ERR_INVALID_KEY_MATERIAL');
  });
});
