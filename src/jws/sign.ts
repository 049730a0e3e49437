import { base64UrlEncode } from '../encoding/base64.js';
import { utf8Encode } from '../encoding/utf8.js';
import { KeygateError } from '../errors.js';
import type { PrivateKey } from '../keys/types.js';
import { algorithmSpec, subtle } from './algorithms.js';
import { toLowS } from './ecdsa-low-s.js';

/**
 * Signs `payload` as a compact JWS with unpadded base64url segments (ECDSA signatures in low-S form). `alg` always comes from the
 * key (a key serves one algorithm); `kid` defaults to the key's alias.
 */
export async function signJws(
  header: Readonly<Record<string, unknown>>,
  payload: Readonly<Record<string, unknown>>,
  key: PrivateKey,
): Promise<string> {
  if (key?.type !== 'private' || !key.cryptoKey) {
    throw new KeygateError('ERR_INVALID_OPTION', 'signingKey must be a private key from generateKeyPair() or importKey()');
  }
  if (header.alg !== undefined && header.alg !== key.alg) {
    throw new KeygateError('ERR_UNSUPPORTED_ALGORITHM', `header alg ${String(header.alg)} does not match the key's ${key.alg}`);
  }
  const fullHeader = { ...header, alg: key.alg, kid: header.kid ?? key.alias };
  const input = `${base64UrlEncode(utf8Encode(JSON.stringify(fullHeader)))}.${base64UrlEncode(utf8Encode(JSON.stringify(payload)))}`;
  const signature = new Uint8Array(await subtle().sign(algorithmSpec(key.alg).signParams, key.cryptoKey, utf8Encode(input)));
  // Validators refuse a high ECDSA s (see ecdsa-low-s.ts): sign in the low form.
  toLowS(signature, key.alg);
  return `${input}.${base64UrlEncode(signature)}`;
}
