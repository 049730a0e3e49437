// `keygate`: the validation core. Keys are made and imported with `keygate/keys`, issued with
// `keygate/issue`; the cache, throttling, backend JWT, trusted proxies and audit trail are
// plugins from `keygate/gateway`, IP and referrer restrictions the plugin of `keygate/restrict`
// (see docs/concepts.md, "Entry points").
export { KeygateError, isKeygateError } from './errors.js';
export type { KeygateErrorCode } from './errors.js';

// keys/ (the types, and the store the validator builds from a key list)
export type { Algorithm, CertificateThumbprints, Jwk, KeyPair, KeyStore, PrivateKey, PublicKey } from './keys/types.js';
export { createStaticKeyStore } from './keys/static-store.js';
export type { StaticKeyStore } from './keys/static-store.js';

// claims/
export type {
  ApiKeyClaims,
  ApiKeyHeader,
  ApplicationClaim,
  KeyType,
  SubscribedApiClaim,
  TierInfoEntry,
} from './claims/types.js';

// stores/
export type {
  RevocationListener,
  RevocationStore,
  Subscription,
  SubscriptionStatus,
  SubscriptionStore,
} from './stores/types.js';
export { createMemorySubscriptionStore } from './stores/memory-subscriptions.js';
export type { MemorySubscriptionStore } from './stores/memory-subscriptions.js';
export { createMemoryRevocationStore } from './stores/memory-revocations.js';
export { MAX_CLOCK_TOLERANCE } from './stores/clock-tolerance.js';
export type { MemoryRevocationStore, MemoryRevocationStoreOptions } from './stores/memory-revocations.js';

// applications/ (the in-memory store is in keygate/gateway, the Redis one in keygate/redis)
export type { Application, ApplicationInfo, ApplicationStatus, ApplicationStore } from './applications/types.js';

// apis/ (resource matching is the keygate/gateway plugin createResourceMatcher) and cors/ (done by the adapters)
export type { ApiResource, ApiStatus } from './apis/types.js';
export type { CorsOptions, CorsPolicy } from './cors/types.js';

// validate/
export { createValidator } from './validate/validator.js';
export { apiBasePath } from './apis/compile.js';
export type {
  AnyValidationSuccess,
  ApiDefinition,
  CredentialLocation,
  FailureReason,
  FailureStatus,
  RequestLike,
  SuccessOf,
  UnauthenticatedSuccess,
  ValidateContext,
  ValidationFailure,
  ValidationResult,
  ValidationSuccess,
  Validator,
  ValidatorOptions,
  ValidatorStats,
  RateLimitInfo,
  WSO2ErrorCode,
} from './validate/types.js';
export type {
  AcceptedCall,
  Audit,
  AuditRecorder,
  BackendJwt,
  BackendJwtSigner,
  CheckedToken,
  ClientIpResolver,
  Cors,
  PluginContext,
  ResourceMatcher,
  ResourceRouter,
  RestrictionCheck,
  RouterContext,
  Restrictions,
  Throttle,
  ThrottleCheck,
  ThrottleOutcome,
  TokenVerifier,
  UnauthenticatedCall,
  ValidationCache,
  ValidationTrace,
  Verification,
  VerifiedToken,
} from './validate/plugins.js';
export type { CacheStats } from './cache/lru.js';
