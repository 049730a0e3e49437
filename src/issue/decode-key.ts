import { DEFAULT_MAX_KEY_LENGTH } from '../claims/check.js';
import type { ApiKeyHeader } from '../claims/types.js';
import { DEFAULT_MAX_JSON_DEPTH } from '../encoding/json.js';
import { KeygateError } from '../errors.js';
import { decodeCompactJws, type JwsDecodeFailure } from '../jws/compact.js';

export { DEFAULT_MAX_KEY_LENGTH };

/** What `decodeKey` returns: the header and claims of a key, not verified. */
export interface DecodedKey {
  readonly header: ApiKeyHeader;
  /** The claims, unverified: never base a decision on them. */
  readonly payload: Readonly<Record<string, unknown>>;
}

// Plain strings only: a template here would keep the table in bundles that never call decodeKey.
const WHY: Readonly<Record<Exclude<JwsDecodeFailure, 'too_long'>, string>> = {
  segments: 'it does not have three non-empty dot-separated segments',
  base64: 'a segment is not base64url',
  utf8: 'a segment is not UTF-8',
  json: 'the header or payload is not a JSON object (or is nested too deeply)',
};

/**
 * Decodes an API key WITHOUT verifying it, for inspection and tooling. Accepts padded segments
 * (WSO2's keys). Throws KeygateError `ERR_MALFORMED_KEY`; the message never repeats the key.
 */
export function decodeKey(apiKey: string): DecodedKey {
  if (typeof apiKey !== 'string') throw new KeygateError('ERR_MALFORMED_KEY', 'an API key must be a string');
  const decoded = decodeCompactJws(apiKey.trim(), {
    maxLength: DEFAULT_MAX_KEY_LENGTH,
    maxJsonDepth: DEFAULT_MAX_JSON_DEPTH,
  });
  if (typeof decoded === 'string') {
    const why = decoded === 'too_long' ? `it is longer than ${DEFAULT_MAX_KEY_LENGTH} characters` : WHY[decoded];
    throw new KeygateError('ERR_MALFORMED_KEY', `not a valid API key: ${why}`);
  }
  if (typeof decoded.header.alg !== 'string') throw new KeygateError('ERR_MALFORMED_KEY', 'not a valid API key: the header has no alg');
  return { header: decoded.header as ApiKeyHeader, payload: decoded.payload };
}
