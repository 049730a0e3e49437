import type { Algorithm, CertificateThumbprints, PrivateKey, PublicKey } from './types.js';

type KeyOf<T extends 'private' | 'public'> = T extends 'private' ? PrivateKey : PublicKey;

/** Builds the frozen key object every keygate function hands out. */
export function makeKey<T extends 'private' | 'public'>(
  type: T,
  alias: string,
  alg: Algorithm,
  cryptoKey: CryptoKey,
  certificate?: CertificateThumbprints,
): KeyOf<T> {
  const key = certificate === undefined ? { type, alias, alg, cryptoKey } : { type, alias, alg, cryptoKey, certificate };
  return Object.freeze(key) as KeyOf<T>;
}
