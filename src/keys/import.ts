import { KeygateError } from '../errors.js';
import { requireAlgorithm, subtle } from '../jws/algorithms.js';
import { requireAlias } from './alias.js';
import { certificateThumbprints } from './certificate.js';
import { assertCertificateHoldsKey } from './certificate-match.js';
import { resolveAlgorithm } from './detect.js';
import { keyMembers } from './jwk-read.js';
import { makeKey } from './key-object.js';
import { readCertificatePem, readMaterial, requestedAlgorithm } from './material.js';
import type { KeySource } from './material.js';
import { relabelAsRsaEncryption } from './rsa-pss.js';
import { checkRsaKey } from './rsa-public.js';
import type { Algorithm, CertificateThumbprints, Jwk, PrivateKey, PublicKey } from './types.js';
import { importCryptoKey } from './webcrypto.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';

/** Options of `importKey`, `importPrivateKey` and `importPublicKey`. */
export interface ImportKeyOptions {
  /**
   * The alias (JWT `kid`); default: the JWK's `kid`, or the `kid:` line above a PEM block (as
   * `keygate keygen` writes), else `gateway_certificate_alias`. When given, it wins over both.
   */
  readonly alias?: string | undefined;
  /**
   * The algorithm the key serves. EC and Ed25519 keys fix it (a different one is refused), and so
   * do the RSASSA-PSS parameters of a PSS key that has them (PS512 for SHA-512); other RSA keys
   * default to RS256, as WSO2 API Manager signs, or PS256 for PSS-only keys. A JWK's own `alg`
   * (or a PEM's `alg:` line) is used when present and must agree.
   */
  readonly alg?: Algorithm | undefined;
  /** Private keys only: allow exportPrivateKeyPem / exportJwk to read the key back; default false. */
  readonly extractable?: boolean | undefined;
  /**
   * A PEM certificate holding this key (for example the one exported from a WSO2 keystore). Its
   * thumbprints are attached so the key can sign with WSO2's `x5t`; a certificate for another key is refused.
   */
  readonly certificate?: string | undefined;
  /**
   * RSA keys: accept an odd public exponent from 3 up (default false: at least 65537). Exponents
   * below 3 and even ones are refused whatever this says: with e = 1 anyone forges signatures.
   */
  readonly allowSmallRsaExponent?: boolean | undefined;
}

interface CheckedOptions {
  readonly alias: string | undefined;
  readonly alg: Algorithm | undefined;
  readonly extractable: boolean;
  readonly certificate: Uint8Array<ArrayBuffer> | undefined;
  readonly allowSmallRsaExponent: boolean;
}

const IMPORT_OPTIONS = { alias: true, alg: true, extractable: true, certificate: true, allowSmallRsaExponent: true } as const satisfies OptionNames<ImportKeyOptions>;

function checkOptions(options: ImportKeyOptions): CheckedOptions {
  if (typeof options !== 'object' || options === null) throw new KeygateError('ERR_INVALID_OPTION', 'options must be an object');
  checkOptionNames(options, IMPORT_OPTIONS, 'importKey');
  const extractable = options.extractable ?? false;
  if (typeof extractable !== 'boolean') throw new KeygateError('ERR_INVALID_OPTION', 'options.extractable must be a boolean');
  const allowSmallRsaExponent = options.allowSmallRsaExponent ?? false;
  if (typeof allowSmallRsaExponent !== 'boolean') {
    throw new KeygateError('ERR_INVALID_OPTION', 'options.allowSmallRsaExponent must be a boolean');
  }
  return {
    alias: options.alias === undefined ? undefined : requireAlias(options.alias, 'options.alias'),
    alg: options.alg === undefined ? undefined : requireAlgorithm(options.alg, 'options.alg'),
    extractable,
    certificate: options.certificate === undefined ? undefined : readCertificatePem(options.certificate),
    allowSmallRsaExponent,
  };
}

/** The public key of the material as WebCrypto encodes SPKI, for the certificate check. */
async function publicSpkiOf(source: KeySource, alg: Algorithm, imported: CryptoKey): Promise<Uint8Array> {
  let publicKey = imported;
  if (source.type === 'private') {
    // PKCS#8 does not reliably carry the public key: read it back through a throw-away extractable copy.
    let publicJwk = source.format === 'jwk' ? source.publicKey : undefined;
    if (publicJwk === undefined) {
      const exported = await subtle().exportKey('jwk', await importFrom(source, alg, true));
      publicJwk = keyMembers(exported, source.family, true);
    }
    publicKey = await importCryptoKey('jwk', publicJwk, alg, 'public', true);
  }
  return new Uint8Array(await subtle().exportKey('spki', publicKey));
}

/** The certificate the key will carry: a PEM certificate is its own key; any other must be shown to hold it. */
function certificateFor(
  source: KeySource,
  given: Uint8Array<ArrayBuffer> | undefined,
): { readonly der: Uint8Array<ArrayBuffer>; readonly mustMatch: boolean } | undefined {
  if (given !== undefined && source.certificate !== undefined) {
    throw new KeygateError('ERR_INVALID_OPTION', 'options.certificate is redundant: the material already carries a certificate');
  }
  if (given !== undefined) return { der: given, mustMatch: true };
  if (source.certificate !== undefined) return { der: source.certificate, mustMatch: source.format === 'jwk' };
  return undefined;
}

function importFrom(source: KeySource, alg: Algorithm, extractable: boolean): Promise<CryptoKey> {
  if (source.format === 'jwk') return importCryptoKey('jwk', source.key, alg, source.type, extractable);
  const pssOnly = source.family.kty === 'RSA' && source.family.pssOnly;
  const der = pssOnly ? relabelAsRsaEncryption(source.der, source.format) : source.der;
  return importCryptoKey(source.format, der, alg, source.type, extractable);
}

/**
 * Imports a PEM PKCS#8 private key, PEM SPKI public key, PEM X.509 certificate, or a JWK (object
 * or JSON text). Throws KeygateError: ERR_INVALID_KEY_MATERIAL for unreadable material (and RSA
 * keys with an even modulus, or an exponent that is even, below 3 or, by default, below 65537),
 * ERR_UNSUPPORTED_ALGORITHM when `alg` does not fit the key (or is none / HMAC).
 */
export async function importKey(material: string | Jwk, options: ImportKeyOptions = {}): Promise<PrivateKey | PublicKey> {
  const checked = checkOptions(options);
  const source = readMaterial(material);
  checkRsaKey(source, checked.allowSmallRsaExponent);
  const alg = resolveAlgorithm(source.family, requestedAlgorithm(source, checked.alg));
  const alias = checked.alias ?? requireAlias(source.kid, 'JWK kid');
  const certificate = certificateFor(source, checked.certificate);
  const cryptoKey = await importFrom(source, alg, source.type === 'public' || checked.extractable);
  let thumbprints: CertificateThumbprints | undefined;
  if (certificate !== undefined) {
    if (certificate.mustMatch) await assertCertificateHoldsKey(certificate.der, await publicSpkiOf(source, alg, cryptoKey), alg);
    thumbprints = await certificateThumbprints(certificate.der);
  }
  return makeKey(source.type, alias, alg, cryptoKey, thumbprints);
}

/** importKey, asserting the material is a public key or a certificate. */
export async function importPublicKey(material: string | Jwk, options: ImportKeyOptions = {}): Promise<PublicKey> {
  const key = await importKey(material, options);
  if (key.type !== 'public') throw new KeygateError('ERR_INVALID_KEY_MATERIAL', 'expected a public key or certificate, got a private key');
  return key;
}

/** importKey, asserting the material is a private key. */
export async function importPrivateKey(material: string | Jwk, options: ImportKeyOptions = {}): Promise<PrivateKey> {
  const key = await importKey(material, options);
  if (key.type !== 'private') throw new KeygateError('ERR_INVALID_KEY_MATERIAL', 'expected a private key, got a public key or certificate');
  return key;
}
