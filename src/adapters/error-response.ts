import { KeygateError } from '../errors.js';
import type { ValidationFailure } from '../validate/types.js';
import { checkRateLimitHeaderStyle, rateLimitHeaders, type RateLimitHeaderStyle } from './rate-limit-headers.js';

/** What an adapter answers a refused call with, independent of the server API that sends it. */
export interface ErrorResponseParts {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** WSO2's JSON error body: `{"code":"900901","message":"Invalid Credentials","description":"..."}`. */
  readonly body: string;
}

export const DEFAULT_REALM = 'keygate';

/**
 * The `WWW-Authenticate` challenge for a realm: the auth scheme `ApiKey` (a token, as RFC 9110
 * requires: no space) and the realm. The realm comes from the operator, not the client, but it is
 * still checked: a quote or a line break would forge header syntax.
 */
export function challengeFor(realm: string): string {
  // Printable ASCII without `"` and `\`: nothing that needs escaping in a quoted-string.
  if (typeof realm !== 'string' || realm.length > 256 || !/^[\x20\x21\x23-\x5b\x5d-\x7e]*$/.test(realm)) {
    throw new KeygateError('ERR_INVALID_OPTION', 'realm must be printable ASCII without quotes or backslashes, at most 256 characters');
  }
  return `ApiKey realm="${realm}"`;
}

/**
 * Status, headers and body for a refusal, the way WSO2's gateway answers: the JSON error body (its
 * `code` a string, as WSO2 sends it), a `WWW-Authenticate` challenge on 401 — with
 * `error="invalid_token"` when a key was sent, without when none was (RFC 6750 §3.1) —,
 * `Retry-After` (whole seconds) on a throttled call (429, and 503 at the hard limit), the RateLimit
 * headers of the level that refused a 429 (`rateLimitHeaders`, default `'ietf'`) and `Allow` on a 405.
 */
export function errorResponseParts(failure: ValidationFailure, challenge = challengeFor(DEFAULT_REALM), style: RateLimitHeaderStyle = 'ietf'): ErrorResponseParts {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
  if (failure.status === 401) headers['www-authenticate'] = failure.reason === 'missing_key' ? challenge : `${challenge}, error="invalid_token"`;
  if (failure.retryAfter !== undefined && Number.isFinite(failure.retryAfter)) {
    headers['retry-after'] = String(Math.max(0, Math.ceil(failure.retryAfter)));
  }
  if (failure.status === 429) Object.assign(headers, rateLimitHeaders(failure.rateLimit, style));
  if (failure.allow !== undefined) headers.allow = failure.allow;
  const body = JSON.stringify({ code: String(failure.code), message: failure.message, description: failure.description });
  return { status: failure.status, headers, body };
}

/** A Fetch `Response` for a refusal (see errorResponseParts). */
export function errorResponse(failure: ValidationFailure, options: { readonly realm?: string; readonly rateLimitHeaders?: RateLimitHeaderStyle } = {}): Response {
  const style = checkRateLimitHeaderStyle(options.rateLimitHeaders, 'errorResponse');
  const { status, headers, body } = errorResponseParts(failure, challengeFor(options.realm ?? DEFAULT_REALM), style);
  return new Response(body, { status, headers });
}
