/**
 * Checks that a certificate supplied alongside a key (options.certificate, a JWK's x5c) really
 * holds that key, so a signing key never advertises another key's thumbprint in `x5t`.
 */
import { KeygateError } from '../errors.js';
import { subtle } from '../jws/algorithms.js';
import { spkiOfCertificate } from './certificate.js';
import { familyOfSpki, resolveAlgorithm } from './detect.js';
import { relabelAsRsaEncryption } from './rsa-pss.js';
import type { Algorithm } from './types.js';
import { importCryptoKey } from './webcrypto.js';

/** The SPKI as this runtime's WebCrypto re-encodes it: one canonical form to compare. */
export async function canonicalSpki(spki: Uint8Array<ArrayBuffer>, alg: Algorithm): Promise<Uint8Array> {
  const family = familyOfSpki(spki);
  const fitted = resolveAlgorithm(family, alg);
  const data = family.kty === 'RSA' && family.pssOnly ? relabelAsRsaEncryption(spki, 'spki') : spki;
  const key = await importCryptoKey('spki', data, fitted, 'public', true);
  return new Uint8Array(await subtle().exportKey('spki', key));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Throws ERR_INVALID_KEY_MATERIAL unless the certificate's public key is `keySpki`. */
export async function assertCertificateHoldsKey(
  certificate: Uint8Array,
  keySpki: Uint8Array,
  alg: Algorithm,
): Promise<void> {
  const certificateSpki = await canonicalSpki(spkiOfCertificate(certificate), alg);
  if (!sameBytes(certificateSpki, keySpki)) {
    throw new KeygateError('ERR_INVALID_KEY_MATERIAL', 'the certificate does not hold this key (its public key differs)');
  }
}
