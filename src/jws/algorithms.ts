import { KeygateError } from '../errors.js';
import type { Algorithm } from '../keys/types.js';

/** How one JWS algorithm maps onto WebCrypto. */
export interface AlgorithmSpec {
  /** Parameters for `importKey` / `generateKey`. */
  readonly importParams: RsaHashedImportParams | EcKeyImportParams | Algorithm_;
  /** Parameters for `sign` / `verify`. */
  readonly signParams: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
  /** The JWK `kty` this algorithm uses. */
  readonly kty: 'RSA' | 'EC' | 'OKP';
  /** JWK `crv` for EC / OKP keys. */
  readonly crv?: 'P-256' | 'P-384' | 'P-521' | 'Ed25519' | undefined;
  /** ECDSA signature length in bytes (raw r||s), for EC algorithms. */
  readonly ecSignatureLength?: number | undefined;
}
type Algorithm_ = { name: string };

const rsa = (name: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS', hash: string, saltLength: number): AlgorithmSpec => ({
  importParams: { name, hash },
  signParams: name === 'RSA-PSS' ? { name, saltLength } : { name },
  kty: 'RSA',
});
const ec = (crv: 'P-256' | 'P-384' | 'P-521', hash: string, ecSignatureLength: number): AlgorithmSpec => ({
  importParams: { name: 'ECDSA', namedCurve: crv },
  signParams: { name: 'ECDSA', hash } as EcdsaParams,
  kty: 'EC',
  crv,
  ecSignatureLength,
});

const SPECS: Readonly<Record<Algorithm, AlgorithmSpec>> = {
  RS256: rsa('RSASSA-PKCS1-v1_5', 'SHA-256', 0),
  RS384: rsa('RSASSA-PKCS1-v1_5', 'SHA-384', 0),
  RS512: rsa('RSASSA-PKCS1-v1_5', 'SHA-512', 0),
  PS256: rsa('RSA-PSS', 'SHA-256', 32),
  PS384: rsa('RSA-PSS', 'SHA-384', 48),
  PS512: rsa('RSA-PSS', 'SHA-512', 64),
  ES256: ec('P-256', 'SHA-256', 64),
  ES384: ec('P-384', 'SHA-384', 96),
  ES512: ec('P-521', 'SHA-512', 132),
  EdDSA: { importParams: { name: 'Ed25519' }, signParams: { name: 'Ed25519' }, kty: 'OKP', crv: 'Ed25519' },
};

/** Every algorithm keygate supports; all asymmetric, so `none` and HMAC can never be selected. */
export const SUPPORTED_ALGORITHMS: readonly Algorithm[] = Object.freeze(Object.keys(SPECS) as Algorithm[]);

export function isSupportedAlgorithm(value: unknown): value is Algorithm {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SPECS, value);
}

export function algorithmSpec(alg: Algorithm): AlgorithmSpec {
  return SPECS[alg];
}

/** Validates a user-supplied algorithm name; throws a KeygateError naming the field. */
export function requireAlgorithm(value: unknown, field: string): Algorithm {
  if (isSupportedAlgorithm(value)) return value;
  throw new KeygateError(
    'ERR_UNSUPPORTED_ALGORITHM',
    `${field} must be one of ${SUPPORTED_ALGORITHMS.join(', ')} (got ${JSON.stringify(value)})`,
  );
}

/** WebCrypto global, looked up lazily so importing keygate never fails where it is missing. */
export function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) {
    throw new KeygateError('ERR_RUNTIME_UNSUPPORTED', 'WebCrypto (globalThis.crypto.subtle) is not available in this runtime');
  }
  return s;
}
