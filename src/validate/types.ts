import type { ApiKeyClaims, ApiKeyHeader, KeyType } from '../claims/types.js';
import type { PublicKey } from '../keys/types.js';
import type { Subscription } from '../stores/types.js';
import type { CacheStats } from '../cache/lru.js';
import type { ApplicationInfo } from '../applications/types.js';
import type { ApiDefinition, ApiResource } from '../apis/types.js';
import type { RateLimitInfo } from '../throttle/types.js';
import type { CorsPolicy } from '../cors/types.js';
export type { ApiDefinition } from '../apis/types.js';
export type { RateLimitInfo, RateLimitLevel } from '../throttle/types.js';
import type { ResourceMatcher } from './plugins.js';
export type { ValidatorOptions } from './validator-options.js';

/** What `validate` accepts: a Fetch `Request`, or any object with a URL and headers. */
export interface RequestLike {
  readonly url: string;
  readonly method?: string | undefined;
  readonly headers: Headers | Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** Facts about the call that the request itself does not carry. */
export interface ValidateContext {
  /**
   * The peer's address as the server saw it (socket address): the client address, unless the
   * validator's `clientIp` resolver finds the client behind a trusted proxy.
   */
  readonly clientIp?: string | undefined;
  /** Name (or `context`) of the API being called, instead of matching the path. */
  readonly api?: string | undefined;
}

/** WSO2 API Manager's error codes. */
export type WSO2ErrorCode = 700700 | 900800 | 900801 | 900802 | 900803 | 900804 | 900805 | 900807 | 900900 | 900901 | 900902 | 900906 | 900908;

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
  | 'wrong_key_type'
  | 'unknown_api'
  | 'api_blocked'
  | 'unknown_resource'
  | 'method_not_allowed'
  | 'ambiguous_path'
  | 'ip_restricted'
  | 'referrer_restricted'
  | 'unknown_application'
  | 'application_blocked'
  | 'not_subscribed'
  | 'subscription_blocked'
  | 'blocking_condition'
  | 'throttled_api'
  | 'throttled_hard_limit'
  | 'throttled_resource'
  | 'throttled_subscription'
  | 'throttled_application'
  | 'throttled_spike_arrest'
  | 'store_unavailable'
  | 'internal_error';

/** An accepted call: the verified key, its API, application and subscription. */
export interface ValidationSuccess {
  readonly ok: true;
  /** The call carried a valid key (see UnauthenticatedSuccess for resources that need none). */
  readonly authenticated: true;
  readonly claims: ApiKeyClaims;
  readonly header: ApiKeyHeader;
  /** The trusted key that verified the signature. */
  readonly key: PublicKey;
  readonly api: ApiDefinition;
  readonly subscription: Subscription;
  readonly applicationUuid: string;
  /**
   * The calling application: the application store's record when the validator has one (option
   * `applications`; it wins over a full key's claims), else the key's `application` claim.
   */
  readonly application: ApplicationInfo;
  readonly keyType: KeyType;
  /** The environment the call is for (the key's type): route PRODUCTION and SANDBOX calls to their backends. */
  readonly environment: KeyType;
  /** The resource the call matched, for APIs with `resources`. */
  readonly resource?: ApiResource | undefined;
  readonly jti: string;
  /**
   * The client address used for IP restrictions, when known: IPv4-mapped IPv6 as plain IPv4,
   * canonical text with the restrictions plugin or `createClientIpResolver` (else as the runtime
   * reports it, lower-case), the forwarded client when the peer is a trusted proxy.
   */
  readonly clientIp?: string | undefined;
  /** Where the key was found, and every place this API takes one: adapters strip them before forwarding. */
  readonly credential: CredentialLocation;
  /** Set when a tier with `stopOnQuotaReach: false` is over its quota: the call passes anyway. */
  readonly quotaExceeded?: boolean | undefined;
  /**
   * The throttling level with the fewest calls left (the hard limit aside: it is the backend's, not
   * the caller's), when one was counted: what the adapters send in the RateLimit headers.
   */
  readonly rateLimit?: RateLimitInfo | undefined;
  /** Every throttling level the call was counted at, in WSO2's order. */
  readonly rateLimits?: readonly RateLimitInfo[] | undefined;
  /** The signed JWT for the upstream (option `backendJwt`); adapters add it as `backendJwtHeader`. */
  readonly backendJwt?: string | undefined;
  /** The request header name for `backendJwt` (default `X-JWT-Assertion`). */
  readonly backendJwtHeader?: string | undefined;
}

/**
 * A call to a resource with `auth: 'none'`: accepted without a key (none is read, even if sent).
 * Throttled per client address under the `Unauthenticated` tier when the validator throttles.
 */
export interface UnauthenticatedSuccess {
  readonly ok: true;
  readonly authenticated: false;
  readonly api: ApiDefinition;
  readonly resource: ApiResource;
  /** PRODUCTION, unless the API serves SANDBOX keys only. */
  readonly environment: KeyType;
  readonly clientIp?: string | undefined;
  /** Where this API takes a key: adapters strip one a client sent anyway before forwarding. */
  readonly credential: Omit<CredentialLocation, 'foundIn'>;
  readonly quotaExceeded?: boolean | undefined;
  readonly rateLimit?: RateLimitInfo | undefined;
  readonly rateLimits?: readonly RateLimitInfo[] | undefined;
  /** The backend JWT header, when the validator signs backend JWTs: adapters strip a client's copy (no JWT is made). */
  readonly backendJwtHeader?: string | undefined;
}

/** Where an API key travels in a request. */
export interface CredentialLocation {
  /** Where this request carried its key. */
  readonly foundIn: 'header' | 'authorization' | 'query';
  /** The header name this API reads the key from. */
  readonly header: string;
  /** The `Authorization` scheme this API reads the key from (`Bearer`); `false` or absent when it reads none. */
  readonly authScheme?: string | false | undefined;
  /** The query parameter this API reads the key from, or `false` when the query form is off. */
  readonly queryParam: string | false;
}

/** HTTP status of a refusal. */
export type FailureStatus = 401 | 403 | 404 | 405 | 429 | 500 | 503;

/** A refused call: the HTTP status, WSO2's error code and message, and why. */
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
  readonly retryAfter?: number | undefined;
  /** Of a 429: the level that refused the call (`remaining` 0), for the RateLimit headers. */
  readonly rateLimit?: RateLimitInfo | undefined;
  /** Of a 405: the methods the resource serves, for the `Allow` header (`GET, POST`). */
  readonly allow?: string | undefined;
  /**
   * For operators, on 503 and 500: the error behind it (a store's, or a bug's); on 403
   * `blocking_condition`: the condition that matched. Not enumerable, never sent to clients or
   * serialised with the result; the audit trail reports it.
   */
  readonly cause?: unknown | undefined;
}

/** Either kind of accepted call: with a key, or to a resource that needs none. */
export type AnyValidationSuccess = ValidationSuccess | UnauthenticatedSuccess;

/**
 * What `validate` answers: check `ok` first. `S` is the validator's kind of success: a validator
 * with the `resources` option may also answer UnauthenticatedSuccess (check `authenticated`).
 */
export type ValidationResult<S extends AnyValidationSuccess = ValidationSuccess> = S | ValidationFailure;

/**
 * The successes a validator made from options `O` answers: calls without a key
 * (UnauthenticatedSuccess) when it is given the `resources` option, which `auth: 'none'` needs.
 * Options typed as a whole (`ValidatorOptions`, where `resources` is optional) give
 * ValidationSuccess: annotate such a validator `Validator<AnyValidationSuccess>` when it has
 * resources with `auth: 'none'`.
 */
export type SuccessOf<O> = O extends { readonly resources: ResourceMatcher } ? AnyValidationSuccess : ValidationSuccess;

/** What `validator.stats()` reports. */
export interface ValidatorStats {
  /** Verified keys (undefined when the cache is off). */
  readonly cache?: CacheStats | undefined;
  /** Keys remembered as forged. */
  readonly negativeCache?: CacheStats | undefined;
}

/**
 * Validates requests that carry API keys (see `createValidator`). `S`: its kind of success (see
 * SuccessOf): ValidationSuccess, or also UnauthenticatedSuccess for validators with `resources`.
 */
export interface Validator<S extends AnyValidationSuccess = ValidationSuccess> {
  validate(request: RequestLike, context?: ValidateContext): Promise<ValidationResult<S>>;
  /** The APIs it protects, as given (deployed or not): what adapters with `otherPaths: 'pass'` keep clear of. */
  readonly apis: readonly ApiDefinition[];
  /**
   * The CORS settings of the API a request is for (its own `cors`, else the validator's), or
   * `undefined` when CORS is off for it or no API matches. The adapters use it to answer
   * preflights before authentication.
   */
  cors(request: RequestLike, context?: ValidateContext): CorsPolicy | undefined;
  /** Hit and miss counts of the validation caches. */
  stats(): ValidatorStats;
  /** Stops listening to the revocation store (call it when dropping a validator on a long-lived store). */
  close(): void;
}
