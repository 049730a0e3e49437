import { checkApiKeyClaims, looksLikeApiKey } from '../claims/check.js';
import type { ApiKeyHeader } from '../claims/types.js';
import { parseJwsPayload, splitCompactJws, type JwsDecodeFailure } from '../jws/compact.js';
import { checkJwsHeader, type HeaderProblem } from '../jws/header.js';
import { verifyJwsSignature } from '../jws/verify.js';
import type { Algorithm, KeyStore } from '../keys/types.js';
import { failure } from './failures.js';
import type { VerifiedToken } from './plugins.js';
import type { ValidationFailure } from './types.js';

export interface VerifyConfig {
  readonly keys: KeyStore;
  readonly algorithms: ReadonlySet<Algorithm>;
  readonly maxKeyLength: number;
  readonly maxJsonDepth: number;
}

const DECODE_PROBLEMS: Readonly<Record<JwsDecodeFailure, string>> = {
  too_long: 'The API key is longer than this gateway accepts',
  segments: 'The API key is not a JWT: it needs three dot-separated segments',
  base64: 'The API key is not a JWT: a segment is not base64url',
  utf8: 'The API key is not a JWT: a segment is not UTF-8',
  json: 'The API key is not a JWT: its header or payload is not a JSON object',
};

const HEADER_PROBLEMS: Readonly<Record<HeaderProblem, string>> = {
  alg: 'The API key is signed with an algorithm this gateway does not accept',
  crit: 'The API key has critical header parameters this gateway does not understand',
  typ: 'The API key header is not of type JWT',
  kid: 'The API key header has no usable kid',
};

/**
 * Decoding, header rules, trusted-key lookup, signature and claim shapes: everything that
 * depends only on the key string and the trusted keys. KeyStore errors propagate (-> 503).
 */
export async function verifyToken(token: string, config: VerifyConfig): Promise<VerifiedToken | ValidationFailure> {
  const jws = splitCompactJws(token, { maxLength: config.maxKeyLength, maxJsonDepth: config.maxJsonDepth });
  if (typeof jws === 'string') return failure('malformed_key', DECODE_PROBLEMS[jws]);

  const checked = checkJwsHeader(jws.header, config.algorithms);
  if (typeof checked === 'string') {
    return failure(checked === 'alg' ? 'unsupported_algorithm' : 'not_an_api_key', HEADER_PROBLEMS[checked]);
  }

  const key = await config.keys.getKey(checked.kid);
  if (!key) return failure('unknown_kid', 'The API key is signed by a key this gateway does not trust');
  // The header may not pick the algorithm: the trusted key fixes it (no RSA-as-HMAC confusion).
  if (key.alg !== checked.alg || key.type !== 'public') {
    return failure('unsupported_algorithm', "The API key's algorithm does not match the trusted key");
  }
  if (!(await verifyJwsSignature(jws, key))) return failure('bad_signature', 'The API key signature is invalid');

  // Only now, with the signature checked, is the payload parsed.
  const payload = parseJwsPayload(jws, config.maxJsonDepth);
  if (typeof payload === 'string') return failure('malformed_key', DECODE_PROBLEMS[payload]);
  if (!looksLikeApiKey(payload)) return failure('not_an_api_key', 'The token is not an API key');
  const claims = checkApiKeyClaims(payload);
  if (typeof claims === 'string') return failure('malformed_key', `The API key is malformed: ${claims}`);
  return { header: jws.header as ApiKeyHeader, claims, key };
}
