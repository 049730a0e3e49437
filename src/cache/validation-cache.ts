import type { ValidationCache } from '../validate/plugins.js';
import { createTokenVerifier } from './verify-cached.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';

/** Options of `createValidationCache`. */
export interface ValidationCacheOptions {
  /** Most keys cached (default 10,000); memory stays bounded by it whatever the traffic. */
  readonly maxEntries?: number | undefined;
  /** Seconds a verified key stays cached (default 300). */
  readonly ttl?: number | undefined;
  /** Seconds a key with a bad signature is remembered as bad (default 60); 0 turns that off. */
  readonly negativeTtl?: number | undefined;
  /** Most bad keys remembered (default 1,000). */
  readonly negativeMaxEntries?: number | undefined;
}

/**
 * The validation cache, for validator option `cache`: each signature check runs once per key
 * string and is then answered from memory (while the key store still trusts the same key).
 * Expiry, revocation, restrictions and subscription are still checked on every call, and a
 * revocation evicts the key at once. Each validator built with it gets its own cache; bad
 * options throw KeygateError `ERR_INVALID_OPTION` from `createValidator`.
 */
export function createValidationCache(options: ValidationCacheOptions = {}): ValidationCache {
  checkOptionNames(options, { maxEntries: true, ttl: true, negativeTtl: true, negativeMaxEntries: true } satisfies OptionNames<ValidationCacheOptions>, 'createValidationCache');
  return {
    createVerifier: (verify, { keys, maxKeyLength, now }) => createTokenVerifier({ keys, maxKeyLength, verify }, options, now),
  };
}
