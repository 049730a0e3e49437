import type { FailureReason, FailureStatus, ValidationFailure, WSO2ErrorCode } from './types.js';

interface FailureKind {
  readonly status: FailureStatus;
  readonly code: WSO2ErrorCode;
  readonly message: string;
}

const INVALID: FailureKind = { status: 401, code: 900901, message: 'Invalid Credentials' };
const FORBIDDEN: FailureKind = { status: 403, code: 900908, message: 'Resource forbidden' };
const NO_RESOURCE: FailureKind = { status: 404, code: 900906, message: 'No matching resource found for given API Request' };

/** Reason -> WSO2's status, code and message. One table, so every refusal of a kind looks alike. */
const KINDS: Readonly<Record<FailureReason, FailureKind>> = {
  missing_key: { status: 401, code: 900902, message: 'Missing Credentials' },
  malformed_key: INVALID,
  not_an_api_key: INVALID,
  unsupported_algorithm: INVALID,
  unknown_kid: INVALID,
  bad_signature: INVALID,
  expired: INVALID,
  not_yet_valid: INVALID,
  revoked: INVALID,
  wrong_key_type: INVALID,
  unknown_api: NO_RESOURCE,
  api_blocked: { status: 503, code: 700700, message: 'API blocked' },
  unknown_resource: NO_RESOURCE,
  method_not_allowed: { status: 405, code: 900906, message: 'Method not allowed' },
  ambiguous_path: NO_RESOURCE,
  ip_restricted: FORBIDDEN,
  referrer_restricted: FORBIDDEN,
  unknown_application: FORBIDDEN,
  application_blocked: FORBIDDEN,
  not_subscribed: FORBIDDEN,
  subscription_blocked: FORBIDDEN,
  throttled: { status: 429, code: 900800, message: 'Message throttled out' },
  store_unavailable: { status: 503, code: 900900, message: 'Service Unavailable' },
  internal_error: { status: 500, code: 900900, message: 'Unclassified Authentication Failure' },
};

/** How the descriptions of restriction refusals start. */
export const FORBIDDEN_CALL = 'Access forbidden for the invocations';

/** Builds a refusal. `description` must never contain the key or other secrets. */
export function failure(reason: FailureReason, description: string, retryAfter?: number): ValidationFailure {
  const kind = KINDS[reason];
  const base = { ok: false as const, status: kind.status, code: kind.code, reason, message: kind.message, description };
  return retryAfter === undefined ? base : { ...base, retryAfter };
}

/**
 * A path that URL parsing would rewrite (`..`, `%2e`, `\\`, `//`): the validator would judge another
 * path than a router serves, so it judges none.
 */
export const ambiguousPath = (): ValidationFailure =>
  failure('ambiguous_path', 'The request path is not in normal form (dot segments, backslashes or characters URL parsing rewrites); send it as it is to be served');

/**
 * Keeps what made a call fail (a store's error, a bug) on the refusal for operators and the
 * audit trail: not enumerable, so it is never serialised with the result.
 */
export function withCause(refusal: ValidationFailure, cause: unknown): ValidationFailure {
  Object.defineProperty(refusal, 'cause', { value: cause, enumerable: false, configurable: true });
  return refusal;
}
