import type { PublicKey } from '../keys/types.js';
import { algorithmSpec, subtle } from './algorithms.js';
import type { SplitJws } from './compact.js';

/**
 * Checks the signature with the key's own algorithm. Never throws: a WebCrypto error (wrong
 * key type, malformed signature) counts as a bad signature.
 */
export async function verifyJwsSignature(jws: SplitJws, key: PublicKey): Promise<boolean> {
  const spec = algorithmSpec(key.alg);
  // WebCrypto ECDSA wants raw r||s of exactly this length; anything else is forged or broken.
  if (spec.ecSignatureLength !== undefined && jws.signature.length !== spec.ecSignatureLength) return false;
  try {
    return await subtle().verify(spec.signParams, key.cryptoKey, jws.signature, jws.signingInput);
  } catch {
    return false;
  }
}
