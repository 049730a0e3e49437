import { toHex, utf8Encode } from '../encoding/utf8.js';
import { subtle } from '../jws/algorithms.js';

/**
 * A short, stable identifier of an API key for logs: the first 16 hex digits (64 bits) of the
 * SHA-256 of the key string. It identifies a key without revealing it; compute it for a key you
 * hold to find that key's calls in audit logs.
 */
export async function keyFingerprint(apiKey: string): Promise<string> {
  const digest = await subtle().digest('SHA-256', utf8Encode(apiKey));
  return toHex(new Uint8Array(digest, 0, 8));
}
