/** WebCrypto import with keygate's errors and minimum key sizes. */
import { KeygateError } from '../errors.js';
import { algorithmSpec, subtle } from '../jws/algorithms.js';
import type { JwkMembers } from './jwk-read.js';
import type { Algorithm } from './types.js';

/** RFC 7518 §3.3: RSA keys for RS* / PS* must be at least 2048 bits. */
export const MIN_RSA_MODULUS_LENGTH = 2048;

export type KeyFormat = 'spki' | 'pkcs8' | 'jwk';

/**
 * Imports a key for one algorithm: public keys for `verify`, private keys for `sign`.
 * A WebCrypto refusal becomes ERR_INVALID_KEY_MATERIAL (or ERR_RUNTIME_UNSUPPORTED when the
 * runtime lacks the algorithm, as older ones do for Ed25519).
 */
export async function importCryptoKey(
  format: KeyFormat,
  data: Uint8Array<ArrayBuffer> | JwkMembers,
  alg: Algorithm,
  type: 'public' | 'private',
  extractable: boolean,
): Promise<CryptoKey> {
  const params = algorithmSpec(alg).importParams;
  const usages: KeyUsage[] = type === 'public' ? ['verify'] : ['sign'];
  let key: CryptoKey;
  try {
    key =
      format === 'jwk'
        ? await subtle().importKey('jwk', data as JsonWebKey, params, extractable, usages)
        : await subtle().importKey(format, data as Uint8Array<ArrayBuffer>, params, extractable, usages);
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'NotSupportedError' && alg === 'EdDSA') {
      throw new KeygateError('ERR_RUNTIME_UNSUPPORTED', "this runtime's WebCrypto has no Ed25519", { cause: error });
    }
    throw new KeygateError('ERR_INVALID_KEY_MATERIAL', `the ${format.toUpperCase()} data is not a valid ${alg} ${type} key`, {
      cause: error,
    });
  }
  if (key.type !== type) {
    throw new KeygateError('ERR_INVALID_KEY_MATERIAL', `expected a ${type} key, the material holds a ${key.type} key`);
  }
  const modulusLength = (key.algorithm as Partial<RsaHashedKeyAlgorithm>).modulusLength;
  if (modulusLength !== undefined && modulusLength < MIN_RSA_MODULUS_LENGTH) {
    throw new KeygateError(
      'ERR_INVALID_KEY_MATERIAL',
      `RSA key of ${modulusLength} bits refused: at least ${MIN_RSA_MODULUS_LENGTH} bits are required`,
    );
  }
  return key;
}
