import type { ApiKeyClaims, ApiKeyHeader, KeyType } from '../claims/types.js';
import type { Algorithm, KeyStore, PublicKey } from '../keys/types.js';
import type { RevocationStore, Subscription, SubscriptionStore } from '../stores/types.js';
import type { CacheStats } from '../cache/lru.js';
import type { Audit, BackendJwt, ClientIpResolver, Restrictions, Throttle, ValidationCache } from './plugins.js';

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
  readonly header?: string | undefined;
  /** Per-API `authScheme` (default: the validator's); `false` turns it off for this API. */
  readonly authScheme?: string | false | undefined;
}

/** What `validate` accepts: a Fetch `Request`, or any object with a URL and headers. */
export interface RequestLike {
  readonly url: string;
  readonly method?: string;
  readonly headers: Headers | Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** Facts about the call that the request itself does not carry. */
export interface ValidateContext {
  /**
   * The peer's address as the server saw it (socket address): the client address, unless the
   * validator's `clientIp` resolver finds the client behind a trusted proxy.
   */
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
  | 'ambiguous_path'
  | 'ip_restricted'
  | 'referrer_restricted'
  | 'not_subscribed'
  | 'subscription_blocked'
  | 'throttled'
  | 'store_unavailable'
  | 'internal_error';

/** An accepted call: the verified key, its API and subscription. */
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
  /**
   * The client address used for IP restrictions, when known: IPv4-mapped IPv6 as plain IPv4,
   * canonical text with the restrictions plugin or `createClientIpResolver` (else as the runtime
   * reports it, lower-case), the forwarded client when the peer is a trusted proxy.
   */
  readonly clientIp?: string;
  /** Where the key was found, and every place this API takes one: adapters strip them before forwarding. */
  readonly credential: CredentialLocation;
  /** Set when a tier with `stopOnQuotaReach: false` is over its quota: the call passes anyway. */
  readonly quotaExceeded?: boolean;
  /** The throttling level with the fewest calls left, when one was counted. */
  readonly rateLimit?: RateLimitInfo;
  /** The signed JWT for the upstream (option `backendJwt`); adapters add it as `backendJwtHeader`. */
  readonly backendJwt?: string;
  /** The request header name for `backendJwt` (default `X-JWT-Assertion`). */
  readonly backendJwtHeader?: string;
}

/** Where a call stands against its throttling tier. */
export interface RateLimitInfo {
  readonly level: 'subscription' | 'application';
  readonly tier: string;
  /** Requests allowed per `periodSeconds`. */
  readonly limit: number;
  readonly periodSeconds: number;
  /** Calls left (0 when over quota). */
  readonly remaining: number;
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
export type FailureStatus = 401 | 403 | 404 | 429 | 500 | 503;

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
  readonly retryAfter?: number;
  /**
   * For operators, on 503 and 500: the error behind it (a store's, or a bug's). Not enumerable,
   * never sent to clients or serialised with the result; the audit trail reports it.
   */
  readonly cause?: unknown;
}

/** What `validate` answers: check `ok` first. */
export type ValidationResult = ValidationSuccess | ValidationFailure;

/** Options of `createValidator`: trusted keys, stores, APIs and gateway features. */
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
  /**
   * Also read the key from `Authorization: <scheme> <key>`, e.g. `'Bearer'` (scheme matched
   * case-insensitively); default `false`. Checked after `header`, before `queryParam`. An
   * `Authorization` header with another scheme (say `Basic`, for the upstream) is left alone.
   */
  readonly authScheme?: string | false;
  /**
   * Seconds of clock skew tolerated for `exp`/`nbf`/`iat` (default 0, at most 300 =
   * `MAX_CLOCK_TOLERANCE`, how long stores keep a revocation past the key's `exp`).
   */
  readonly clockTolerance?: number;
  /** Longest key accepted, in characters, checked before any decoding (default 16384). */
  readonly maxKeyLength?: number;
  /** Algorithms accepted at all (default: every asymmetric algorithm keygate supports). */
  readonly algorithms?: readonly Algorithm[];
  /**
   * Refuse (404, reason `ambiguous_path`) a request whose path URL parsing would rewrite: `.` and
   * `..` segments (also as `%2e`), backslashes, a leading `//`, characters it escapes. Default
   * `true`, so the validator judges exactly the path a router serves when given a raw target such
   * as Node's `req.url` (a Fetch `Request`'s URL is already in normal form). `false` judges the
   * parsed path instead: only for servers that route on the parsed path too.
   */
  readonly strictPaths?: boolean;
  /** Clock, in milliseconds since the epoch (default `Date.now`); for tests. */
  readonly now?: () => number;
  /*
   * Gateway features, off by default: build them with the factories of keygate/gateway and
   * keygate/restrict (or implement the interfaces of ./plugins.ts yourself).
   */
  /**
   * Caches signature checks (`createValidationCache()`). Expiry, revocation, restrictions and
   * subscription are still checked on every call. Default: no cache.
   */
  readonly cache?: ValidationCache;
  /**
   * Enforces the IP and referrer restrictions keys carry (`createRestrictions()` from
   * keygate/restrict). Default: a key that carries a restriction is refused (403), since the
   * validator cannot check it; keys without restrictions are not affected.
   */
  readonly restrictions?: Restrictions;
  /** Counts calls against throttling tiers (`createThrottle()`). Default: no throttling. */
  readonly throttle?: Throttle;
  /** Signs a JWT for the upstream on every accepted call, WSO2's backend JWT (`createBackendJwt()`). */
  readonly backendJwt?: BackendJwt;
  /**
   * Finds the client address for IP restrictions. Default: `context.clientIp` as given (forwarding
   * headers are ignored, so a client cannot forge its address); behind proxies use
   * `createClientIpResolver({ trustedProxies })`.
   */
  readonly clientIp?: ClientIpResolver;
  /** Reports every validation to a hook (`createAuditTrail(hook)`); it never changes the result. */
  readonly audit?: Audit;
}

/** What `validator.stats()` reports. */
export interface ValidatorStats {
  /** Verified keys (undefined when the cache is off). */
  readonly cache?: CacheStats;
  /** Keys remembered as forged. */
  readonly negativeCache?: CacheStats;
}

/** Validates requests that carry API keys (see `createValidator`). */
export interface Validator {
  validate(request: RequestLike, context?: ValidateContext): Promise<ValidationResult>;
  /** Hit and miss counts of the validation caches. */
  stats(): ValidatorStats;
  /** Stops listening to the revocation store (call it when dropping a validator on a long-lived store). */
  close(): void;
}
