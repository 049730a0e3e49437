import type { ApiKeyClaims, ApiKeyHeader, KeyType } from '../claims/types.js';
import type { KeyStore, PublicKey } from '../keys/types.js';
import type { Subscription } from '../stores/types.js';
import type { ApplicationInfo } from '../applications/types.js';
import type { ApiResource } from '../apis/types.js';
import type { CorsPolicy } from '../cors/types.js';
import type {
  AnyValidationSuccess,
  ApiDefinition,
  RateLimitInfo,
  RequestLike,
  UnauthenticatedSuccess,
  ValidateContext,
  ValidationFailure,
  ValidationResult,
  ValidatorStats,
} from './types.js';

/*
 * The contracts of the validator's optional features. The core validator only knows these
 * shapes; `keygate/gateway` implements them (createValidationCache, createThrottle,
 * createBackendJwt, createClientIpResolver, createAuditTrail), `keygate/restrict` the
 * restrictions (createRestrictions), and so can your own code.
 */

/** What createValidator hands a feature when it builds it into a validator: the validator's own settings. */
export interface PluginContext {
  /** The validator's trusted keys. */
  readonly keys: KeyStore;
  /** The validator's clock, in milliseconds (option `now`). */
  readonly now: () => number;
  /** Longest key string the validator accepts (option `maxKeyLength`). */
  readonly maxKeyLength: number;
  /** The validator's APIs (option `apis`), checked: a plugin may check its own settings of them. */
  readonly apis: readonly ApiDefinition[];
}

/** A key whose signature checked out against a trusted key: the part of validation worth caching. */
export interface VerifiedToken {
  readonly header: ApiKeyHeader;
  readonly claims: ApiKeyClaims;
  readonly key: PublicKey;
}

/** A verified key as a TokenVerifier hands it out; `fingerprint` is the audit trail's memo (a cache keeps it). */
export interface CheckedToken extends VerifiedToken {
  fingerprint?: string | undefined;
}

/** What a TokenVerifier answers: the verified key (and whether it came from a cache), or a refusal. */
export type Verification = { readonly token: CheckedToken; readonly cached: boolean } | ValidationFailure;

/** The signature check of a validator, possibly behind a cache. */
export interface TokenVerifier {
  /**
   * Verifies `token`; `cached` says whether the answer came from a cache. May answer at once (a
   * cache hit): the validator then goes on without a promise hop.
   */
  verify(token: string): Verification | Promise<Verification>;
  /** Drops what is remembered of a revoked key. */
  evict(jti: string): void;
  stats(): ValidatorStats;
}

/** Validator option `cache` (keygate/gateway: `createValidationCache`). */
export interface ValidationCache {
  /** Called once by createValidator: puts the validator's own signature check `verify` behind the cache. */
  createVerifier(verify: (token: string) => Promise<VerifiedToken | ValidationFailure>, context: PluginContext): TokenVerifier;
}

/** A call that passed every check up to the subscription: what throttling and the backend JWT work from. */
export interface AcceptedCall {
  /** `true` (absent in calls built by hand): the call carried a valid key. */
  readonly authenticated?: true | undefined;
  /**
   * The API key as the call carried it: what identifies everything derived from its claims (a
   * memo key). Never log or forward it.
   */
  readonly apiKey: string;
  /** The verified claims of the API key. */
  readonly claims: ApiKeyClaims;
  readonly api: ApiDefinition;
  readonly subscription: Subscription;
  readonly keyType: KeyType;
  /**
   * The calling application: the application store's record (it wins over the key's claims), else
   * the key's `application` claim. Absent only in calls built by hand.
   */
  readonly application?: ApplicationInfo | undefined;
  /** The resource matched, for APIs with `resources`. */
  readonly resource?: ApiResource | undefined;
  /** The client address the validator settled on, when known. */
  readonly clientIp?: string | undefined;
}

/** A call to a resource with `auth: 'none'`: no key, counted by client address. */
export interface UnauthenticatedCall {
  readonly authenticated: false;
  readonly api: ApiDefinition;
  readonly resource: ApiResource;
  /** The client address, when known (calls of unknown address share one counter). */
  readonly clientIp: string | undefined;
}

/** What a throttle check lets through: the fields it adds to the result (only those that are set). */
export interface ThrottleOutcome {
  /** `true`: a tier that does not stop on its quota is over it; the call passes, flagged. */
  readonly quotaExceeded?: true | undefined;
  /** The level with the fewest calls left (the hard limit aside), when one was counted. */
  readonly rateLimit?: RateLimitInfo | undefined;
  /** Every level counted, in WSO2's order. */
  readonly rateLimits?: readonly RateLimitInfo[] | undefined;
}

/**
 * Counts one call at its throttling levels: a refusal (403 blocked, 429, 503 hard limit) or what lets
 * it through. May answer at once (in-memory counters): the validator then goes on without a promise hop.
 */
export type ThrottleCheck = (
  call: AcceptedCall | UnauthenticatedCall,
) => ThrottleOutcome | ValidationFailure | Promise<ThrottleOutcome | ValidationFailure>;

/** Validator option `throttle` (keygate/gateway: `createThrottle`). */
export interface Throttle {
  /** Called once by createValidator; the check runs on every call past the subscription check. */
  createCheck(context: PluginContext): ThrottleCheck;
}

/** Signs the JWT sent upstream with an accepted call. */
export interface BackendJwtSigner {
  /** The request header name the JWT goes in. */
  readonly header: string;
  generate(call: AcceptedCall): Promise<string>;
  /** Drops the JWTs remembered for a revoked key. */
  evict(jti: string): void;
}

/** Validator option `backendJwt` (keygate/gateway: `createBackendJwt`). */
export interface BackendJwt {
  /** Called once by createValidator. */
  createSigner(context: PluginContext): BackendJwtSigner;
}

/**
 * Routes a call to an API with `resources`: the resource that serves `request.method` on `path`
 * (the request path; resources match the part below the API's base path, which ends at index
 * `from`, or -1 when the call was routed by name) when the call needs a key, else the answer: the
 * refusal (404 `unknown_resource`, 405 `method_not_allowed` with `allow`), or the success of a call
 * to a resource that needs no key.
 */
export type ResourceRouter = (
  api: ApiDefinition,
  path: string,
  from: number,
  request: RequestLike,
  context: ValidateContext,
) => ApiResource | ValidationResult<UnauthenticatedSuccess> | Promise<ValidationResult<UnauthenticatedSuccess>>;

/** What createValidator hands the resources plugin, for calls that need no key. */
export interface RouterContext {
  /** The validator's client address resolver (option `clientIp`). */
  readonly clientIp: ClientIpResolver;
  /** The validator's throttle check, when it throttles. */
  readonly throttle: ThrottleCheck | undefined;
  /**
   * The validator's key header, `Authorization` scheme (an API's own `header` and `authScheme`
   * win) and query parameter: where adapters strip keys from.
   */
  readonly header: string;
  readonly authScheme: string | false;
  readonly queryParam: string | false;
  /** The backend JWT header, when the validator signs backend JWTs: a client's copy is stripped. */
  readonly backendJwtHeader: string | undefined;
}

/** Validator option `resources` (keygate/gateway: `createResourceMatcher`). */
export interface ResourceMatcher {
  /**
   * Called once by createValidator with the APIs that have `resources`; throws KeygateError
   * `ERR_INVALID_OPTION` for a bad resource. The router runs for every call to those APIs.
   */
  createRouter(apis: readonly ApiDefinition[], context: RouterContext): ResourceRouter;
}

/** Validator option `cors` (keygate/gateway: `createCors`): CORS settings for the adapters. */
export interface Cors {
  /**
   * Called once per API by createValidator: the API's CORS policy (its own `cors`, else the
   * plugin's settings), `undefined` when CORS is off for it. Throws KeygateError
   * `ERR_INVALID_OPTION` for a bad `cors` of the API.
   */
  createPolicy(api: ApiDefinition, keyHeader: string): CorsPolicy | undefined;
}

/**
 * Validator option `clientIp`: the client address from the peer address (`context.clientIp`) and
 * the request headers; `undefined` when it cannot be known (keys with IP restrictions are then
 * refused). keygate/gateway's `createClientIpResolver` reads forwarding headers of trusted proxies.
 */
export type ClientIpResolver = (peerIp: string | undefined, headers: RequestLike['headers'] | undefined) => string | undefined;

/**
 * Checks a call against the restrictions its key carries (`permittedIP`, `permittedReferer`):
 * a refusal (403), or `undefined` to let it through. `clientIp` is the resolved client address.
 */
export type RestrictionCheck = (
  claims: ApiKeyClaims,
  clientIp: string | undefined,
  headers: RequestLike['headers'],
) => ValidationFailure | undefined;

/**
 * Validator option `restrictions` (keygate/restrict: `createRestrictions`). Without it, a key
 * that carries a restriction is refused: the validator cannot tell whether the call is allowed.
 */
export interface Restrictions {
  /** Called once by createValidator; the check runs on every call with a valid, unrevoked key. */
  createCheck(context: PluginContext): RestrictionCheck;
  /**
   * Optional: the canonical form of a peer address (`undefined` when it is none), used by the
   * validator's default `clientIp` resolver instead of its light one, so the addresses the check
   * and the result see are canonical.
   */
  readonly clientAddress?: (text: string) => string | undefined;
}

/**
 * Notes that an accepted call used a key: its `jti`, its `exp` when it has one, and the time the
 * validator read for the call (seconds since the epoch, with a fraction). It runs on the hot path,
 * unawaited: it must return at once (keep the use, write it later) and never throw.
 */
export type UsageRecorder = (jti: string, expiresAt: number | undefined, nowSeconds: number) => void;

/** Validator option `lastUsed` (keygate/gateway: `createLastUsedTracker`). */
export interface LastUsed {
  /** Called once by createValidator; the recorder is called with every accepted call's key. */
  createUsageRecorder(context: PluginContext): UsageRecorder;
}

/** What the pipeline learnt about a call on its way, for the audit trail (filled as steps pass). */
export interface ValidationTrace {
  api?: ApiDefinition | undefined;
  /** The client address the pipeline settled on (e.g. behind trusted proxies), when it did. */
  clientIp?: string | undefined;
  key?: string | undefined;
  token?: CheckedToken | undefined;
  cached?: boolean | undefined;
}

/**
 * Called as a validation starts, with the trace the pipeline fills; the function it returns is
 * awaited with the result (and the peer address when the pipeline did not settle on one).
 */
export type AuditRecorder = (
  trace: ValidationTrace,
) => (result: ValidationResult<AnyValidationSuccess>, clientIp: string | undefined) => Promise<void>;

/** Validator option `audit` (keygate/gateway: `createAuditTrail`). */
export interface Audit {
  /** Called once by createValidator. */
  createRecorder(context: PluginContext): AuditRecorder;
}
