import { KeygateError } from '../errors.js';
import type { KeyStore, PublicKey } from './types.js';

/** A fixed set of trusted public keys, looked up by alias (`kid`). */
export interface StaticKeyStore extends KeyStore {
  getKey(kid: string): PublicKey | undefined;
  /** The keys, in the order given (for `exportJwks`). */
  list(): PublicKey[];
}

/**
 * Builds a KeyStore over public keys. Several keys (several aliases) may be trusted at once,
 * which is how keys are rotated: publish the new one, sign with it, then drop the old one.
 * Throws on a duplicate alias, since a `kid` must name exactly one key.
 */
export function createStaticKeyStore(keys: readonly PublicKey[]): StaticKeyStore {
  if (!Array.isArray(keys)) {
    throw new KeygateError('ERR_INVALID_OPTION', 'keys must be an array of public keys');
  }
  const byAlias = new Map<string, PublicKey>();
  keys.forEach((key: PublicKey | undefined, index) => {
    if (key?.type !== 'public') {
      throw new KeygateError('ERR_INVALID_OPTION', `keys[${index}] must be a public key (importPublicKey / generateKeyPair().publicKey)`);
    }
    if (byAlias.has(key.alias)) {
      throw new KeygateError('ERR_INVALID_OPTION', `keys[${index}]: duplicate alias ${JSON.stringify(key.alias)}`);
    }
    byAlias.set(key.alias, key);
  });
  const ordered = [...byAlias.values()];
  return Object.freeze({
    getKey: (kid: string): PublicKey | undefined => byAlias.get(kid),
    list: (): PublicKey[] => [...ordered],
  });
}
