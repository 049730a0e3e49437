import type { FailureReason, FailureStatus, ValidationFailure, WSO2ErrorCode } from './types.js';

/** WSO2's answer for a kind of refusal. */
export interface FailureKind {
  readonly status: FailureStatus;
  readonly code: WSO2ErrorCode;
  readonly message: string;
}

export const kind = (status: FailureStatus, code: WSO2ErrorCode, message: string): FailureKind => ({ status, code, message });
const INVALID = kind(401, 900901, 'Invalid Credentials');
const FORBIDDEN = kind(403, 900908, 'Resource forbidden');
export const NO_RESOURCE = kind(404, 900906, 'No matching resource found for given API Request');

/**
 * Refusals only a plugin gives: their kinds live with the plugin (throttle/verdict.ts, throttle/blocking.ts,
 * apis/resources.ts), so that an app without the plugin does not bundle them.
 */
type PluginReason = 'blocking_condition' | 'unknown_resource' | 'method_not_allowed' | Extract<FailureReason, `throttled_${string}`>;

/** Reason -> WSO2's status, code and message, so every refusal of a kind looks alike. */
const KINDS: Readonly<Record<Exclude<FailureReason, PluginReason>, FailureKind>> = {
  missing_key: kind(401, 900902, 'Missing Credentials'),
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
  api_blocked: kind(503, 700700, 'API blocked'),
  ambiguous_path: NO_RESOURCE,
  ip_restricted: FORBIDDEN,
  referrer_restricted: FORBIDDEN,
  unknown_application: FORBIDDEN,
  application_blocked: FORBIDDEN,
  not_subscribed: FORBIDDEN,
  subscription_blocked: FORBIDDEN,
  store_unavailable: kind(503, 900900, 'Service Unavailable'),
  internal_error: kind(500, 900900, 'Unclassified Authentication Failure'),
};

/** How the descriptions of restriction refusals start. */
export const FORBIDDEN_CALL = 'Access forbidden for the invocations';

/** Builds a refusal of a kind. `description` must never contain the key or other secrets. */
export function refusal(kind: FailureKind, reason: FailureReason, description: string, retryAfter?: number): ValidationFailure {
  const base = { ok: false as const, status: kind.status, code: kind.code, reason, message: kind.message, description };
  return retryAfter === undefined ? base : { ...base, retryAfter };
}

/** Builds a refusal the validator itself gives. */
export const failure = (reason: Exclude<FailureReason, PluginReason>, description: string, retryAfter?: number): ValidationFailure =>
  refusal(KINDS[reason], reason, description, retryAfter);

/**
 * A path that URL parsing would rewrite (`..`, `%2e`, `\\`, `//`): the validator would judge another
 * path than a router serves, so it judges none.
 */
export const ambiguousPath = (): ValidationFailure =>
  failure('ambiguous_path', 'The request path is not in normal form (dot segments, backslashes or characters URL parsing rewrites)');

/**
 * Keeps what made a call fail (a store's error, a bug) on the refusal for operators and the
 * audit trail: not enumerable, so it is never serialised with the result.
 */
export function withCause(refusal: ValidationFailure, cause: unknown): ValidationFailure {
  Object.defineProperty(refusal, 'cause', { value: cause, enumerable: false, configurable: true });
  return refusal;
}
