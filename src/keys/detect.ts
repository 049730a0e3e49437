/**
 * Which kind of key some material holds (from the algorithm OID of an SPKI / PKCS#8 structure,
 * or a JWK's kty/crv), and which JWS algorithm it may serve. A mismatch is refused here, with a
 * message, rather than left to an opaque WebCrypto DataError.
 */
import { toHex } from '../encoding/utf8.js';
import { KeygateError } from '../errors.js';
import { algorithmSpec } from '../jws/algorithms.js';
import { contentOf, expectTag, readChildren, readRoot, TAG } from './der.js';
import type { DerElement } from './der.js';
import { describeOid, OID } from './oid.js';
import { pssRestriction } from './rsa-pss.js';
import type { PssAlgorithm } from './rsa-pss.js';
import type { Algorithm } from './types.js';

export type EcCurve = 'P-256' | 'P-384' | 'P-521';

export type KeyFamily =
  /**
   * `pssOnly`: the SPKI / PKCS#8 said id-RSASSA-PSS, so the key must not sign PKCS#1 v1.5;
   * `pssAlg`: its RSASSA-PSS-params restrict it to that one algorithm.
   */
  | { readonly kty: 'RSA'; readonly pssOnly: boolean; readonly pssAlg?: PssAlgorithm }
  | { readonly kty: 'EC'; readonly crv: EcCurve }
  | { readonly kty: 'OKP'; readonly crv: 'Ed25519' };

const CURVE_BY_OID: Readonly<Record<string, EcCurve>> = { [OID.p256]: 'P-256', [OID.p384]: 'P-384', [OID.p521]: 'P-521' };
const ALG_BY_CURVE: Readonly<Record<EcCurve, Algorithm>> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };

/** A JWK member for an error message: short strings quoted, anything else only named by type. */
function shown(value: unknown): string {
  return typeof value === 'string' && value.length <= 24 ? JSON.stringify(value) : typeof value;
}

function unsupported(message: string): KeygateError {
  return new KeygateError('ERR_UNSUPPORTED_ALGORITHM', message);
}

/** Reads an AlgorithmIdentifier: SEQUENCE { OID, parameters OPTIONAL }. */
function familyOfAlgorithmIdentifier(bytes: Uint8Array, element: DerElement | undefined): KeyFamily {
  const [oid, params] = readChildren(bytes, expectTag(element, TAG.SEQUENCE, 'AlgorithmIdentifier'));
  const oidBytes = contentOf(bytes, expectTag(oid, TAG.OID, 'algorithm OID'));
  const oidHex = toHex(oidBytes);
  switch (oidHex) {
    case OID.rsaEncryption:
      return { kty: 'RSA', pssOnly: false };
    case OID.rsassaPss: {
      const pssAlg = pssRestriction(bytes, params);
      return pssAlg === undefined ? { kty: 'RSA', pssOnly: true } : { kty: 'RSA', pssOnly: true, pssAlg };
    }
    case OID.ed25519:
      return { kty: 'OKP', crv: 'Ed25519' };
    case OID.ecPublicKey: {
      const curveOid = contentOf(bytes, expectTag(params, TAG.OID, 'EC named curve'));
      const crv = CURVE_BY_OID[toHex(curveOid)];
      if (crv === undefined) throw unsupported(`unsupported EC curve ${describeOid(curveOid)}: use P-256, P-384 or P-521`);
      return { kty: 'EC', crv };
    }
    default:
      throw unsupported(`unsupported key algorithm ${describeOid(oidBytes)}: use RSA, EC (P-256/384/521) or Ed25519`);
  }
}

/** SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING }. */
export function familyOfSpki(spki: Uint8Array): KeyFamily {
  const children = readChildren(spki, readRoot(spki, TAG.SEQUENCE));
  expectTag(children[1], TAG.BIT_STRING, 'subjectPublicKey');
  if (children.length !== 2) throw new KeygateError('ERR_INVALID_KEY_MATERIAL', 'malformed DER: SubjectPublicKeyInfo has extra elements');
  return familyOfAlgorithmIdentifier(spki, children[0]);
}

/** PrivateKeyInfo / OneAsymmetricKey ::= SEQUENCE { INTEGER version, AlgorithmIdentifier, OCTET STRING, ... }. */
export function familyOfPkcs8(pkcs8: Uint8Array): KeyFamily {
  const children = readChildren(pkcs8, readRoot(pkcs8, TAG.SEQUENCE));
  expectTag(children[0], TAG.INTEGER, 'PKCS#8 version');
  expectTag(children[2], TAG.OCTET_STRING, 'PKCS#8 privateKey');
  return familyOfAlgorithmIdentifier(pkcs8, children[1]);
}

/** The family of a JWK, from its `kty` and `crv`. Symmetric (`oct`) keys are refused. */
export function familyOfJwk(jwk: { readonly kty?: unknown; readonly crv?: unknown }): KeyFamily {
  if (jwk.kty === 'RSA') return { kty: 'RSA', pssOnly: false };
  if (jwk.kty === 'EC') {
    if (jwk.crv === 'P-256' || jwk.crv === 'P-384' || jwk.crv === 'P-521') return { kty: 'EC', crv: jwk.crv };
    throw unsupported(`unsupported JWK crv ${shown(jwk.crv)}: use P-256, P-384 or P-521`);
  }
  if (jwk.kty === 'OKP') {
    if (jwk.crv === 'Ed25519') return { kty: 'OKP', crv: 'Ed25519' };
    throw unsupported(`unsupported JWK crv ${shown(jwk.crv)}: only Ed25519 for OKP keys`);
  }
  if (jwk.kty === 'oct') throw unsupported('symmetric (oct / HMAC) keys are never accepted: use an asymmetric key');
  throw new KeygateError('ERR_INVALID_KEY_MATERIAL', `unsupported JWK kty ${shown(jwk.kty)}: use RSA, EC or OKP`);
}

function describe(family: KeyFamily): string {
  if (family.kty === 'RSA' && family.pssAlg !== undefined) return `an RSA-PSS key restricted to ${family.pssAlg}`;
  if (family.kty === 'RSA') return family.pssOnly ? 'an RSA-PSS-only key' : 'an RSA key';
  return family.kty === 'EC' ? `an EC ${family.crv} key` : 'an Ed25519 key';
}

/** The one algorithm a key allows, when it allows only one: EC and Ed25519 keys, PSS keys with parameters. */
function fixedAlgorithm(family: KeyFamily): Algorithm | undefined {
  if (family.kty === 'RSA') return family.pssAlg;
  return family.kty === 'EC' ? ALG_BY_CURVE[family.crv] : 'EdDSA';
}

/**
 * The algorithm the key will serve. EC and Ed25519 keys fix it, and so do the parameters of an
 * RSA-PSS key that has them; another RSA key defaults to RS256 (what WSO2 API Manager signs
 * with) or, when restricted to PSS, to PS256.
 */
export function resolveAlgorithm(family: KeyFamily, requested: Algorithm | undefined): Algorithm {
  const fixed = fixedAlgorithm(family);
  const pssOnly = family.kty === 'RSA' && family.pssOnly;
  if (requested === undefined) return fixed ?? (pssOnly ? 'PS256' : 'RS256');
  const fits = fixed === undefined ? algorithmSpec(requested).kty === 'RSA' && (!pssOnly || requested.startsWith('PS')) : requested === fixed;
  if (!fits) throw unsupported(`alg ${requested} cannot be used with ${describe(family)}${fixed === undefined ? '' : ` (it needs ${fixed})`}`);
  return requested;
}
