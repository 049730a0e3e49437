import { MAX_JTI_LENGTH } from '../claims/check.js';
import { KeygateError } from '../errors.js';
import { decodeKey } from '../issue/decode-key.js';
import { MAX_CLOCK_TOLERANCE, revocationKeptUntil } from './clock-tolerance.js';
import type { RevocationStore } from './types.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';

/** Options of `revokeKey`. */
export interface RevokeKeyOptions {
  /**
   * When revoking by `jti`: the key's `exp` (seconds since the epoch), so the store can forget
   * the entry once the key has expired anyway. Without it the revocation is kept for good.
   */
  readonly expiresAt?: number | undefined;
}

/** What `revokeKey` revoked: the key's `jti`, and until when the store keeps it. */
export interface RevokedKey {
  readonly jti: string;
  /**
   * When the store may forget the revocation (seconds since the epoch): 300 s
   * (MAX_CLOCK_TOLERANCE) past the key's `exp`, when every validator refuses it as expired; absent = never.
   */
  readonly expiresAt?: number | undefined;
}

// A compact JWS has exactly two dots; a jti (a UUID in practice) has none.
const looksLikeKey = (value: string): boolean => value.split('.', 4).length === 3;

/**
 * Revokes an API key in any RevocationStore, given the key itself, its `jti` (trimmed; a text with
 * two dots is read as a key), or `{ jti }`: the jti exactly as the key carries it, whatever its
 * characters (what a key service or an inventory knows). From the key, the
 * `jti` and `exp` are read (not verified: revoking is an operator's act, and the entry only ever
 * refuses keys). Keys without `exp` never expire, so their revocation is kept for good.
 * Throws KeygateError `ERR_MALFORMED_KEY` for a key that cannot be decoded, `ERR_INVALID_OPTION`
 * for a bad `jti` or option; store errors propagate.
 */
export async function revokeKey(store: RevocationStore, apiKeyOrJti: string | { readonly jti: string }, options: RevokeKeyOptions = {}): Promise<RevokedKey> {
  if (typeof store?.revoke !== 'function') throw new KeygateError('ERR_INVALID_OPTION', 'store must be a RevocationStore');
  const exact = typeof apiKeyOrJti === 'object' && apiKeyOrJti !== null;
  if (typeof apiKeyOrJti !== 'string' && !exact) throw new KeygateError('ERR_INVALID_OPTION', 'revokeKey needs an API key, a jti or { jti }');
  if (typeof options !== 'object' || options === null) throw new KeygateError('ERR_INVALID_OPTION', 'revokeKey options must be an object');
  if ((options as { clockTolerance?: unknown }).clockTolerance !== undefined) {
    // It let a revocation be forgotten while validators still accepted the key (0.1.0).
    throw new KeygateError('ERR_INVALID_OPTION', `revokeKey no longer takes clockTolerance: every store keeps a revocation ${MAX_CLOCK_TOLERANCE} s past the key's exp, the largest clockTolerance a validator accepts`);
  }
  checkOptionNames(options, { expiresAt: true } satisfies OptionNames<RevokeKeyOptions>, 'revokeKey');
  let jti: unknown = exact ? apiKeyOrJti.jti : apiKeyOrJti.trim();
  let exp: unknown = options.expiresAt;
  if (!exact && looksLikeKey(apiKeyOrJti.trim())) {
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
  // The store gets the key's exp and keeps the entry MAX_CLOCK_TOLERANCE past it (see RevocationStore).
  await store.revoke(jti, exp as number | undefined);
  return exp === undefined ? { jti } : { jti, expiresAt: revocationKeptUntil(exp as number) };
}
