import { MAX_JTI_LENGTH } from '../claims/check.js';
import { KeygateError } from '../errors.js';
import { decodeKey } from '../issue/decode-key.js';
import type { RevocationStore } from './types.js';

/** Options of `revokeKey`. */
export interface RevokeKeyOptions {
  /**
   * When revoking by `jti`: the key's `exp` (seconds since the epoch), so the store can forget
   * the entry once the key has expired anyway. Without it the revocation is kept for good.
   */
  readonly expiresAt?: number;
  /**
   * Seconds the revocation outlives `exp` (default 300). Must be at least the validators'
   * `clockTolerance`, which accepts a key that long past its `exp`.
   */
  readonly clockTolerance?: number;
}

/** What `revokeKey` revoked: the key's `jti`, and until when the store keeps it. */
export interface RevokedKey {
  readonly jti: string;
  /** When the store may forget the revocation (seconds since the epoch); absent = never. */
  readonly expiresAt?: number;
}

// A compact JWS has exactly two dots; a jti (a UUID in practice) has none.
const looksLikeKey = (value: string): boolean => value.split('.', 4).length === 3;

/**
 * Revokes an API key in any RevocationStore, given the key itself or its `jti`. From the key, the
 * `jti` and `exp` are read (not verified: revoking is an operator's act, and the entry only ever
 * refuses keys). Keys without `exp` never expire, so their revocation is kept for good.
 * Throws KeygateError `ERR_MALFORMED_KEY` for a key that cannot be decoded, `ERR_INVALID_OPTION`
 * for a bad `jti` or option; store errors propagate.
 */
export async function revokeKey(store: RevocationStore, apiKeyOrJti: string, options: RevokeKeyOptions = {}): Promise<RevokedKey> {
  if (typeof store?.revoke !== 'function') throw new KeygateError('ERR_INVALID_OPTION', 'store must be a RevocationStore');
  if (typeof apiKeyOrJti !== 'string') throw new KeygateError('ERR_INVALID_OPTION', 'revokeKey needs an API key or a jti');
  const tolerance = options.clockTolerance ?? 300;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new KeygateError('ERR_INVALID_OPTION', 'clockTolerance must be a non-negative number of seconds');
  }
  let jti: unknown = apiKeyOrJti.trim();
  let exp: unknown = options.expiresAt;
  if (looksLikeKey(apiKeyOrJti.trim())) {
    const { payload } = decodeKey(apiKeyOrJti);
    jti = payload.jti;
    exp = payload.exp;
  }
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) {
    throw new KeygateError('ERR_INVALID_OPTION', `the jti must be a string of 1 to ${MAX_JTI_LENGTH} characters`);
  }
  if (exp !== undefined && (typeof exp !== 'number' || !Number.isFinite(exp))) {
    throw new KeygateError('ERR_INVALID_OPTION', 'the key exp / expiresAt must be a finite number of seconds');
  }
  const expiresAt = exp === undefined ? undefined : (exp as number) + tolerance;
  await store.revoke(jti, expiresAt);
  return expiresAt === undefined ? { jti } : { jti, expiresAt };
}
