import { toHex, utf8Encode } from '../encoding/utf8.js';
import { subtle } from '../jws/algorithms.js';
import { canonicalJws } from '../jws/canonical.js';

/**
 * A short, stable identifier of an API key for logs: the first 16 hex digits (64 bits) of the
 * SHA-256 of the key string, in its canonical form (without padding on the signature segment, so
 * both spellings of a padded key have one fingerprint). It identifies a key without revealing it;
 * compute it for a key you hold to find that key's calls in audit logs.
 */
export async function keyFingerprint(apiKey: string): Promise<string> {
  const digest = await subtle().digest('SHA-256', utf8Encode(canonicalJws(apiKey)));
  return toHex(new Uint8Array(digest, 0, 8));
}
