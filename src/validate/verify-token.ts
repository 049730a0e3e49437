import { checkApiKeyClaims, looksLikeApiKey } from '../claims/check.js';
import type { ApiKeyHeader } from '../claims/types.js';
import { decodeSigned, parseJwsPayload, splitCompactJws, type JwsDecodeFailure, type SignedJws, type SplitJws } from '../jws/compact.js';
import { checkJwsHeader, type HeaderProblem } from '../jws/header.js';
import { startSignatureCheck } from '../jws/verify.js';
import { quoteInput } from '../encoding/quote.js';
import type { Algorithm, KeyStore, PublicKey } from '../keys/types.js';
import { failure } from './failures.js';
import { isPromiseLike } from './maybe-promise.js';
import { findTrustedKey } from './store-failure.js';
import type { Verification, VerifiedToken } from './plugins.js';
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

const badSignature = (): ValidationFailure => failure('bad_signature', 'The API key signature is invalid');

/**
 * Decoding, header rules, trusted-key lookup, signature and claim shapes: everything that
 * depends only on the key string and the trusted keys. KeyStore errors propagate as store failures (-> 503).
 */
export function verifyToken(token: string, config: VerifyConfig): Promise<VerifiedToken | ValidationFailure> {
  try {
    return Promise.resolve(check(token, config, asIs));
  } catch (err) {
    return Promise.reject(err);
  }
}

/** verifyToken as the validator's TokenVerifier without a cache; refusals found early answer at once. */
export function verifyUncached(token: string, config: VerifyConfig): Verification | Promise<Verification> {
  return check(token, config, asUncached);
}

// Module-level, so that no call allocates a closure for them.
const asIs = (verified: VerifiedToken): VerifiedToken => verified;
const asUncached = (verified: VerifiedToken): Verification => ({ token: verified, cached: false });

type Answer<T> = T | ValidationFailure | Promise<T | ValidationFailure>;

/**
 * The one asynchronous step is the signature check: everything before it runs at once (an
 * in-memory key store answers without a promise), everything after it in that one callback.
 */
function check<T>(token: string, config: VerifyConfig, done: (verified: VerifiedToken) => T): Answer<T> {
  const jws = splitCompactJws(token, { maxLength: config.maxKeyLength, maxJsonDepth: config.maxJsonDepth });
  if (typeof jws === 'string') return failure('malformed_key', DECODE_PROBLEMS[jws]);

  const checked = checkJwsHeader(jws.header, config.algorithms);
  if (typeof checked === 'string') {
    return failure(checked === 'alg' ? 'unsupported_algorithm' : 'not_an_api_key', HEADER_PROBLEMS[checked]);
  }
  const key = findTrustedKey(config.keys, checked.kid);
  if (!isPromiseLike(key)) return key ? checkSigned(jws, checked.alg, key, config, done) : unknownKid(checked.kid);
  return key.then((found) => (found ? checkSigned(jws, checked.alg, found, config, done) : unknownKid(checked.kid)));
}

const MAX_QUOTED_KID = 64;

/** Names the kid, the client's own header (no secret), cut short and escaped: descriptions reach logs. */
const unknownKid = (kid: string): ValidationFailure =>
  failure('unknown_kid', `The API key is signed by a key this gateway does not trust (kid ${quoteInput(kid, MAX_QUOTED_KID)})`);

function checkSigned<T>(jws: SplitJws, alg: Algorithm, key: PublicKey, config: VerifyConfig, done: (verified: VerifiedToken) => T): Answer<T> {
  // The header may not pick the algorithm: the trusted key fixes it (no RSA-as-HMAC confusion).
  if (key.alg !== alg || key.type !== 'public') {
    return failure('unsupported_algorithm', "The API key's algorithm does not match the trusted key");
  }
  // Decoded into reused buffers and handed to WebCrypto in the same step: nothing runs in between.
  const signed = decodeSigned(jws);
  if (typeof signed === 'string') return failure('malformed_key', DECODE_PROBLEMS[signed]);
  const started = startSignatureCheck(signed, key);
  if (started === false) return badSignature();
  return started.then(
    (valid) => (valid ? readClaims(jws.header, signed, key, config, done) : badSignature()),
    badSignature,
  );
}

/** Only now, with the signature checked, is the payload parsed. */
function readClaims<T>(
  header: Record<string, unknown>,
  signed: SignedJws,
  key: PublicKey,
  config: VerifyConfig,
  done: (verified: VerifiedToken) => T,
): T | ValidationFailure {
  const payload = parseJwsPayload(signed, config.maxJsonDepth);
  if (typeof payload === 'string') return failure('malformed_key', DECODE_PROBLEMS[payload]);
  if (!looksLikeApiKey(payload)) return failure('not_an_api_key', 'The token is not an API key');
  const claims = checkApiKeyClaims(payload);
  if (typeof claims === 'string') return failure('malformed_key', `The API key is malformed: its ${claims} claim is not valid`);
  return done({ header: header as ApiKeyHeader, claims, key });
}
