/**
 * X.509 certificates: the SubjectPublicKeyInfo inside, and WSO2-style thumbprints. Nothing else
 * in the certificate (validity, issuer, extensions) is interpreted: trust comes from the operator
 * importing it under an alias, as with WSO2's trust store.
 */
import { base64UrlEncodePadded } from '../encoding/base64.js';
import { toHex, utf8Encode } from '../encoding/utf8.js';
import { subtle } from '../jws/algorithms.js';
import { encodingOf, expectTag, readChildren, readRoot, TAG } from './der.js';
import type { CertificateThumbprints } from './types.js';

/**
 * Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
 * TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity,
 *                               subject, subjectPublicKeyInfo, ... }
 */
export function spkiOfCertificate(der: Uint8Array): Uint8Array<ArrayBuffer> {
  const [tbs, signatureAlgorithm, signature] = readChildren(der, readRoot(der, TAG.SEQUENCE));
  expectTag(signatureAlgorithm, TAG.SEQUENCE, 'certificate signatureAlgorithm');
  expectTag(signature, TAG.BIT_STRING, 'certificate signatureValue');
  const fields = readChildren(der, expectTag(tbs, TAG.SEQUENCE, 'tbsCertificate'));
  const first = fields[0]?.tag === TAG.CONTEXT_0 ? 1 : 0;
  expectTag(fields[first], TAG.INTEGER, 'certificate serialNumber');
  const names = ['signature', 'issuer', 'validity', 'subject'];
  names.forEach((name, i) => expectTag(fields[first + 1 + i], TAG.SEQUENCE, `certificate ${name}`));
  return encodingOf(der, expectTag(fields[first + 5], TAG.SEQUENCE, 'certificate subjectPublicKeyInfo'));
}

/**
 * SHA-1 and SHA-256 of the certificate DER. WSO2 (unlike RFC 7515, which encodes the raw digest)
 * puts the padded base64url of the lowercase hex *string* in `x5t` / `x5t#S256`; we do the same.
 */
export async function certificateThumbprints(der: Uint8Array<ArrayBuffer>): Promise<CertificateThumbprints> {
  const [sha1, sha256] = await Promise.all([subtle().digest('SHA-1', der), subtle().digest('SHA-256', der)]);
  const sha1Hex = toHex(new Uint8Array(sha1));
  const sha256Hex = toHex(new Uint8Array(sha256));
  return Object.freeze({
    sha1Hex,
    sha256Hex,
    x5t: base64UrlEncodePadded(utf8Encode(sha1Hex)),
    x5tS256: base64UrlEncodePadded(utf8Encode(sha256Hex)),
  });
}
