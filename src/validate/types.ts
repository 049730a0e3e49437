import type { ApiKeyClaims, ApiKeyHeader, KeyType } from '../claims/types.js';
import type { Algorithm, KeyStore, PublicKey } from '../keys/types.js';
import type { RevocationStore, Subscription, SubscriptionStore } from '../stores/types.js';

/** An API the validator protects. */
export interface ApiDefinition {
  readonly name: string;
  /** The API's context, for example `/pizzashack`. Subscriptions refer to it. */
  readonly context: string;
  readonly version: string;
  /**
   * The request path prefix that selects this API. Defaults to `context` followed by `/version`
   * (WSO2's `/pizzashack/1.0.0`); a `{version}` placeholder in `context` is replaced instead.
   */
  readonly basePath?: string;
  /** Per-API key header, as WSO2's "API Key header" setting (default: the validator's `header`). */
  readonly header?: string;
}

/** What `validate` accepts: a Fetch `Request`, or any object with a URL and headers. */
export interface RequestLike {
  readonly url: string;
  readonly method?: string;
  readonly headers: Headers | Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** Facts about the call that the request itself does not carry. */
export interface ValidateContext {
  /** The peer's address as the server saw it (socket address). */
  readonly clientIp?: string;
  /** Name (or `context`) of the API being called, instead of matching the path. */
  readonly api?: string;
}

/** WSO2 API Manager's error codes. */
export type WSO2ErrorCode = 900800 | 900900 | 900901 | 900902 | 900906 | 900908;

/** Why a call was refused: finer than the WSO2 code, stable across versions. */
export type FailureReason =
  | 'missing_key'
  | 'malformed_key'
  | 'not_an_api_key'
  | 'unsupported_algorithm'
  | 'unknown_kid'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'revoked'
  | 'unknown_api'
  | 'ip_restricted'
  | 'referrer_restricted'
  | 'not_subscribed'
  | 'subscription_blocked'
  | 'throttled'
  | 'store_unavailable'
  | 'internal_error';

export interface ValidationSuccess {
  readonly ok: true;
  readonly claims: ApiKeyClaims;
  readonly header: ApiKeyHeader;
  /** The trusted key that verified the signature. */
  readonly key: PublicKey;
  readonly api: ApiDefinition;
  readonly subscription: Subscription;
  readonly applicationUuid: string;
  readonly keyType: KeyType;
  readonly jti: string;
  /** The client address used for IP restrictions, when known. */
  readonly clientIp?: string;
}

/** HTTP status of a refusal. */
export type FailureStatus = 401 | 403 | 404 | 429 | 500 | 503;

export interface ValidationFailure {
  readonly ok: false;
  readonly status: FailureStatus;
  readonly code: WSO2ErrorCode;
  readonly reason: FailureReason;
  /** WSO2's short message, for example `Invalid Credentials`. */
  readonly message: string;
  /** What went wrong, for the caller; never contains the key. */
  readonly description: string;
  /** Seconds until a throttled call may be retried. */
  readonly retryAfter?: number;
}

export type ValidationResult = ValidationSuccess | ValidationFailure;

export interface ValidatorOptions {
  /** Trusted public keys (matched by alias = `kid`), or a store that resolves a `kid`. */
  readonly keys: readonly PublicKey[] | KeyStore;
  readonly subscriptions: SubscriptionStore;
  /** Defaults to an in-memory store. */
  readonly revocations?: RevocationStore;
  /** The APIs this validator protects. */
  readonly apis: readonly ApiDefinition[];
  /** Header that carries the key (default `apikey`; matched case-insensitively). */
  readonly header?: string;
  /** Query parameter that carries the key (default `apikey`); `false` turns the query form off. */
  readonly queryParam?: string | false;
  /** Seconds of clock skew tolerated for `exp`/`nbf`/`iat` (default 0). */
  readonly clockTolerance?: number;
  /** Longest key accepted, in characters, checked before any decoding (default 16384). */
  readonly maxKeyLength?: number;
  /** Algorithms accepted at all (default: every asymmetric algorithm keygate supports). */
  readonly algorithms?: readonly Algorithm[];
  /** Clock, in milliseconds since the epoch (default `Date.now`); for tests. */
  readonly now?: () => number;
}

export interface Validator {
  validate(request: RequestLike, context?: ValidateContext): Promise<ValidationResult>;
}
