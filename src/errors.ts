/**
 * The one error type keygate throws. It is thrown only for programmer or operator mistakes
 * (bad options, unusable key material, invalid restriction entries); anything a client sends
 * to `validate()` is answered with a result object instead, never an exception.
 */
export type KeygateErrorCode =
  /** An option passed to a keygate function is missing or has the wrong type or value. */
  | 'ERR_INVALID_OPTION'
  /** PEM, DER, JWK or certificate input could not be read as a usable key. */
  | 'ERR_INVALID_KEY_MATERIAL'
  /** The algorithm is unknown, forbidden (none, HMAC) or does not fit the key. */
  | 'ERR_UNSUPPORTED_ALGORITHM'
  /** The runtime's WebCrypto lacks something keygate needs (for example Ed25519). */
  | 'ERR_RUNTIME_UNSUPPORTED'
  /** An IP address does not follow the strict grammar. */
  | 'ERR_INVALID_IP'
  /** A CIDR range does not follow the strict grammar. */
  | 'ERR_INVALID_CIDR'
  /** An HTTP-referrer pattern does not follow the documented grammar. */
  | 'ERR_INVALID_REFERRER_PATTERN'
  /** A compact JWS/JWT could not be decoded (decodeKey, inspect). */
  | 'ERR_MALFORMED_KEY'
  /** A backing store (database, Redis, remote JWKS) failed or timed out. */
  | 'ERR_STORE_UNAVAILABLE'
  /** A request to the key service has a bad body, field or parameter (answered 400; the message names the field). */
  | 'ERR_INVALID_REQUEST';

/** The error keygate throws, for programmer and operator mistakes only; `code` says which kind (KeygateErrorCode). */
export class KeygateError extends Error {
  override readonly name = 'KeygateError';
  readonly code: KeygateErrorCode;

  constructor(code: KeygateErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /**
   * Each CommonJS entry point (`keygate`, `keygate/keys`, ...) bundles its own copy of this class,
   * and the ESM build has another, so `instanceof` goes by shape: a KeygateError from any copy passes.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'KeygateError' &&
      typeof (value as { code?: unknown }).code === 'string'
    );
  }
}

/** Type guard that also works across entry points and bundle copies (see KeygateError). */
export function isKeygateError(value: unknown): value is KeygateError {
  return value instanceof KeygateError;
}
