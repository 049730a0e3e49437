/**
 * Reading a JWK supplied by an operator: only the members that make up the key are passed to
 * WebCrypto (so a stray `alg`, `key_ops` or `ext` never trips its own consistency checks), every
 * member is type- and length-checked, and symmetric keys or `alg: none` are refused.
 */
import { base64Decode } from '../encoding/base64.js';
import { KeygateError } from '../errors.js';
import { requireAlgorithm } from '../jws/algorithms.js';
import { MAX_ALIAS_LENGTH } from './alias.js';
import { familyOfJwk } from './detect.js';
import type { KeyFamily } from './detect.js';
import { MAX_MATERIAL_LENGTH } from './pem.js';
import type { Algorithm } from './types.js';

/** The members that make up a key (`kty`, `n`, `e`, `crv`, `x`, `y`, `d`, ...), all strings. */
export type JwkMembers = Readonly<Record<string, string>>;

export interface JwkSource {
  readonly type: 'public' | 'private';
  readonly family: KeyFamily;
  /** The JWK's own `alg`, when it has one. */
  readonly alg: Algorithm | undefined;
  readonly kid: string | undefined;
  /** The key members only, as given (private members included for a private key). */
  readonly key: JwkMembers;
  /** The public members only. */
  readonly publicKey: JwkMembers;
  /** DER of the first `x5c` certificate, when present. */
  readonly certificate: Uint8Array<ArrayBuffer> | undefined;
}

const PUBLIC_MEMBERS = { RSA: ['n', 'e'], EC: ['crv', 'x', 'y'], OKP: ['crv', 'x'] } as const;
const PRIVATE_MEMBERS = { RSA: ['d', 'p', 'q', 'dp', 'dq', 'qi'], EC: ['d'], OKP: ['d'] } as const;
/** Far above any real member (a 16384-bit modulus is 2731 characters). */
const MAX_MEMBER_LENGTH = 8192;
const MAX_X5C_ENTRIES = 10;

function invalid(message: string): KeygateError {
  return new KeygateError('ERR_INVALID_KEY_MATERIAL', message);
}

function optionalString(jwk: Readonly<Record<string, unknown>>, name: string, max: number): string | undefined {
  const value = jwk[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw invalid(`JWK member "${name}" must be a non-empty string of at most ${max} characters`);
  }
  return value;
}

function pick(jwk: Readonly<Record<string, unknown>>, names: readonly string[], into: Record<string, string>): void {
  for (const name of names) {
    const value = optionalString(jwk, name, MAX_MEMBER_LENGTH);
    if (value !== undefined) into[name] = value;
  }
}

/** The members that make up the key (private ones too unless `publicOnly`), type- and length-checked. */
export function keyMembers(jwk: object, family: KeyFamily, publicOnly: boolean): JwkMembers {
  const record = jwk as Readonly<Record<string, unknown>>;
  const members: Record<string, string> = { kty: family.kty };
  pick(record, PUBLIC_MEMBERS[family.kty], members);
  if (!publicOnly) pick(record, PRIVATE_MEMBERS[family.kty], members);
  return members;
}

/** RFC 9864's fully-specified "Ed25519" (what WebCrypto now exports) names the same algorithm as EdDSA here. */
function jwkAlgorithm(value: unknown): Algorithm | undefined {
  if (value === undefined) return undefined;
  return value === 'Ed25519' ? 'EdDSA' : requireAlgorithm(value, 'JWK alg');
}

function firstCertificate(value: unknown): Uint8Array<ArrayBuffer> | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_X5C_ENTRIES) {
    throw invalid(`JWK member "x5c" must be an array of 1 to ${MAX_X5C_ENTRIES} certificates`);
  }
  const first: unknown = value[0];
  const der = typeof first === 'string' && first.length <= MAX_MATERIAL_LENGTH ? base64Decode(first) : undefined;
  if (der === undefined || der.length === 0) throw invalid('JWK member "x5c" must hold base64 DER certificates');
  return der;
}

export function readJwk(value: unknown): JwkSource {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid('a JWK must be an object');
  const jwk = value as Readonly<Record<string, unknown>>;
  const family = familyOfJwk(jwk);
  const alg = jwkAlgorithm(jwk.alg);
  const use = optionalString(jwk, 'use', 16);
  if (use !== undefined && use !== 'sig') throw invalid(`JWK use is "${use}": only signature keys ("sig") are accepted`);
  const publicKey = keyMembers(jwk, family, true);
  const key = keyMembers(jwk, family, false);
  const type = key.d === undefined ? 'public' : 'private';
  const ops: unknown = jwk.key_ops;
  if (ops !== undefined) {
    const needed = type === 'public' ? 'verify' : 'sign';
    if (!Array.isArray(ops) || !ops.includes(needed)) throw invalid(`JWK key_ops must include "${needed}"`);
  }
  return {
    type,
    family,
    alg,
    kid: optionalString(jwk, 'kid', MAX_ALIAS_LENGTH),
    key,
    publicKey,
    certificate: firstCertificate(jwk.x5c),
  };
}
