import { isKeygateError, KeygateError } from '../errors.js';
import type { KeyStore, PublicKey } from '../keys/types.js';
import { isPromiseLike } from './maybe-promise.js';

/*
 * Stores (and the rate limiter) are the only parts of the pipeline allowed to fail: what they
 * throw becomes ERR_STORE_UNAVAILABLE, answered 503 with the error kept as `cause`. Anything else
 * thrown inside the pipeline is a bug and is answered 500 `internal_error`.
 */

/** What a store threw, as a store failure (its own ERR_STORE_UNAVAILABLE as is). */
export function storeFailure(error: unknown): KeygateError {
  if (isKeygateError(error) && error.code === 'ERR_STORE_UNAVAILABLE') return error;
  return new KeygateError('ERR_STORE_UNAVAILABLE', 'a store failed', { cause: error });
}

/** A rejection handler: module-level, so that no call allocates one. */
export function rethrowAsStoreFailure(error: unknown): never {
  throw storeFailure(error);
}

/** `keys.getKey(kid)`, its failures (thrown or rejected) marked as the key store's. */
export function findTrustedKey(keys: KeyStore, kid: string): PublicKey | undefined | Promise<PublicKey | undefined> {
  let found: ReturnType<KeyStore['getKey']>;
  try {
    found = keys.getKey(kid);
  } catch (error) {
    throw storeFailure(error);
  }
  return isPromiseLike(found) ? Promise.resolve(found).then(undefined, rethrowAsStoreFailure) : found;
}
