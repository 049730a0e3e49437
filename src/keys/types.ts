/** Signature algorithms keygate signs and verifies with. `none` and HMAC are never accepted. */
export type Algorithm =
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA';

/** Thumbprints of the X.509 certificate a public key came from, as WSO2 puts them in headers. */
export interface CertificateThumbprints {
  /** Lowercase hex SHA-1 of the certificate DER. */
  readonly sha1Hex: string;
  /** Lowercase hex SHA-256 of the certificate DER. */
  readonly sha256Hex: string;
  /** WSO2-style `x5t`: padded base64url of the lowercase hex SHA-1 string. */
  readonly x5t: string;
  /** WSO2-style `x5t#S256`: padded base64url of the lowercase hex SHA-256 string. */
  readonly x5tS256: string;
}

interface KeyBase {
  /** The key's alias: the JWT `kid` it signs with or verifies. */
  readonly alias: string;
  /** The one algorithm this key is used with. A key never serves a second algorithm. */
  readonly alg: Algorithm;
  /** The WebCrypto key. */
  readonly cryptoKey: CryptoKey;
  /** Present when the key was read from an X.509 certificate (or given one). */
  readonly certificate?: CertificateThumbprints | undefined;
}

/** A key that signs API keys (or backend JWTs). */
export interface PrivateKey extends KeyBase {
  readonly type: 'private';
}

/** A key that verifies API keys. */
export interface PublicKey extends KeyBase {
  readonly type: 'public';
}

/** A private key (signs API keys) and its public key (verifies them), under one alias and algorithm. */
export interface KeyPair {
  readonly privateKey: PrivateKey;
  readonly publicKey: PublicKey;
}

/**
 * Resolves the trusted public key for a `kid`. Implement it to read keys from a vault, a JWKS
 * endpoint or a database; return `undefined` for an unknown `kid`. `kid` is an opaque, bounded
 * string supplied by the client: never use it as a path or a query without escaping. Return the
 * same PublicKey object while a key is unchanged (import it once): the validation cache compares
 * keys by identity, and a new object for every call would make every cached answer verify again.
 */
export interface KeyStore {
  getKey(kid: string): PublicKey | undefined | Promise<PublicKey | undefined>;
}

/**
 * A JSON Web Key as keygate reads and writes it: the DOM `JsonWebKey` plus the RFC 7517 members
 * it lacks. `x5t` / `x5t#S256` are written in WSO2's style (see CertificateThumbprints).
 */
export interface Jwk extends JsonWebKey {
  // Without `| undefined`, unlike keygate's other optional fields: exported JWKs go to other
  // libraries (jose's JSONWebKeySet) whose JWK types are exact.
  kid?: string;
  x5c?: string[];
  x5t?: string;
  'x5t#S256'?: string;
}
