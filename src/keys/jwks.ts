import { KeygateError } from '../errors.js';
import { exportJwk } from './export.js';
import type { Jwk, PublicKey } from './types.js';

/**
 * A JWK Set (RFC 7517 §5) of public keys, for another gateway or `jose.createLocalJWKSet` to
 * verify our API keys. Publish every key still trusted during a rotation; each `kid` once.
 */
export async function exportJwks(publicKeys: readonly PublicKey[]): Promise<{ keys: Jwk[] }> {
  if (!Array.isArray(publicKeys)) throw new KeygateError('ERR_INVALID_OPTION', 'publicKeys must be an array of public keys');
  const seen = new Set<string>();
  publicKeys.forEach((key: PublicKey | undefined, index) => {
    // A private JWK in a published set would leak the signing key.
    if (key?.type !== 'public') throw new KeygateError('ERR_INVALID_OPTION', `publicKeys[${index}] must be a public key`);
    if (seen.has(key.alias)) throw new KeygateError('ERR_INVALID_OPTION', `publicKeys[${index}]: duplicate kid ${JSON.stringify(key.alias)}`);
    seen.add(key.alias);
  });
  return { keys: await Promise.all(publicKeys.map((key) => exportJwk(key))) };
}
