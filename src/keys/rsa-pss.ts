/**
 * RSA keys restricted to PSS (OID id-RSASSA-PSS, what `openssl genpkey -algorithm RSA-PSS`
 * writes) hold the same key bytes as ordinary ones, but Node and browsers only import
 * rsaEncryption. We re-label them; the PSS restriction is kept by keygate itself, which gives
 * such a key a PS* algorithm only (see resolveAlgorithm).
 */
import { encodeElement, encodingOf, readChildren, readRoot, TAG } from './der.js';

// SEQUENCE { OID rsaEncryption, NULL }
const RSA_ENCRYPTION_ALGORITHM = new Uint8Array([
  0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
]);

/** Replaces the AlgorithmIdentifier of an SPKI (index 0) or PKCS#8 (index 1) structure. */
export function relabelAsRsaEncryption(der: Uint8Array, format: 'spki' | 'pkcs8'): Uint8Array<ArrayBuffer> {
  const children = readChildren(der, readRoot(der, TAG.SEQUENCE));
  const algorithmIndex = format === 'spki' ? 0 : 1;
  const parts = children.map((child, i) => (i === algorithmIndex ? RSA_ENCRYPTION_ALGORITHM : encodingOf(der, child)));
  return encodeElement(TAG.SEQUENCE, ...parts);
}
