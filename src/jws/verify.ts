import type { PublicKey } from '../keys/types.js';
import { algorithmSpec, subtle } from './algorithms.js';
import type { SignedJws } from './compact.js';
import { isHighS } from './ecdsa-low-s.js';

/**
 * Starts the signature check with the key's own algorithm, or answers `false` at once when the
 * signature cannot be valid. The promise rejects on WebCrypto errors (wrong key type, malformed
 * signature): callers count those as bad signatures. `subtle.verify` copies its inputs before it
 * returns, so the reused buffers behind `signed` are free again as soon as this returns.
 */
export function startSignatureCheck(signed: SignedJws, key: PublicKey): Promise<boolean> | false {
  const spec = algorithmSpec(key.alg);
  // WebCrypto ECDSA wants raw r||s of exactly this length; anything else is forged or broken. A
  // high s is the malleated twin of a valid signature: refused, so one key has one signature.
  if (spec.ecSignatureLength !== undefined) {
    if (signed.signature.length !== spec.ecSignatureLength || isHighS(signed.signature, key.alg)) return false;
  } else if (spec.kty === 'RSA' && signed.signature.length !== rsaSignatureLength(key)) {
    // An RSA signature is as long as the modulus. Some WebCrypto verifiers (Node's RSA-PSS) also take
    // it without its leading zero byte: a second spelling of one key, with its own cache entry.
    return false;
  }
  try {
    return subtle().verify(spec.signParams, key.cryptoKey, signed.signature, signed.signingInput);
  } catch {
    return false;
  }
}

/** The modulus length in bytes of an RSA key, which every signature it made has. */
const rsaSignatureLength = (key: PublicKey): number => ((key.cryptoKey.algorithm as RsaHashedKeyAlgorithm).modulusLength + 7) >> 3;
