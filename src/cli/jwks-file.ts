import { parseJsonObject } from '../encoding/json.js';
import { usageError } from './args.js';

/** A JWK as found in a JWK Set: `kid` names it (DOM's JsonWebKey type lacks the member). */
export type NamedJwk = JsonWebKey & { readonly kid?: string };

/** The `keys` of a JWK Set file (RFC 7517 §5), checked to be objects. */
export function parseJwks(text: string, path: string): NamedJwk[] {
  const set = parseJsonObject(text);
  const keys = set?.keys;
  if (!Array.isArray(keys)) throw usageError(`${path} is not a JWK Set: expected {"keys": [...]}`);
  return keys.map((jwk: unknown, i) => {
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw usageError(`${path}: keys[${i}] is not an object`);
    return jwk as NamedJwk;
  });
}

/** Whether the text is a JWK Set (`{"keys": [...]}`), e.g. to point a PEM flag given one to --jwks. */
export function isJwkSet(text: string): boolean {
  return text.trimStart().startsWith('{') && Array.isArray(parseJsonObject(text)?.keys);
}
