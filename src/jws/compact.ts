import { asciiBytes, base64UrlDecodeBytes } from '../encoding/base64.js';
import { parseJsonObject } from '../encoding/json.js';
import { utf8Decode } from '../encoding/utf8.js';

/** A compact JWS split and decoded, signature not yet checked. */
export interface DecodedJws {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  /** ASCII bytes of `header.payload` exactly as received (padding included): what was signed. */
  readonly signingInput: Uint8Array<ArrayBuffer>;
  readonly signature: Uint8Array<ArrayBuffer>;
}

export type JwsDecodeFailure = 'too_long' | 'segments' | 'base64' | 'utf8' | 'json';

export interface JwsDecodeLimits {
  readonly maxLength: number;
  readonly maxJsonDepth: number;
}

/**
 * Splits and decodes a compact JWS without throwing. Length is checked before anything else is
 * done, so an oversized token costs one comparison.
 */
export function decodeCompactJws(token: string, limits: JwsDecodeLimits): DecodedJws | JwsDecodeFailure {
  if (token.length > limits.maxLength) return 'too_long';
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  if (first <= 0 || second < 0 || second === first + 1 || second === token.length - 1) return 'segments';
  if (token.indexOf('.', second + 1) >= 0) return 'segments';

  // One native pass turns the token into bytes; the segments are decoded from them, and the
  // signing input is a copy of their first part.
  const bytes = asciiBytes(token);
  if (!bytes) return 'base64';
  const headerBytes = base64UrlDecodeBytes(bytes, 0, first);
  const payloadBytes = base64UrlDecodeBytes(bytes, first + 1, second);
  const signature = base64UrlDecodeBytes(bytes, second + 1, token.length);
  if (!headerBytes || !payloadBytes || !signature) return 'base64';
  const signingInput = bytes.slice(0, second);

  const headerText = utf8Decode(headerBytes);
  const payloadText = utf8Decode(payloadBytes);
  if (headerText === undefined || payloadText === undefined) return 'utf8';

  const header = parseJsonObject(headerText, limits.maxJsonDepth);
  const payload = parseJsonObject(payloadText, limits.maxJsonDepth);
  if (!header || !payload) return 'json';

  return { header, payload, signingInput, signature };
}
