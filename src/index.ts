// `keygate`: the whole core, in one import: the validator and its stores, keys (generate, import,
// export, JWKS), issuing, decoding and revoking keys. Bundlers keep only what an app uses (no
// module has side effects). The cache, throttling, backend JWT, trusted proxies and audit trail
// are plugins from `keygate/gateway`, IP and referrer restrictions the plugin of `keygate/restrict`;
// adapters and Redis have their own entries (see docs/concepts.md, "Entry points").
export { KeygateError, isKeygateError } from './errors.js';
export type { KeygateErrorCode } from './errors.js';

// keys/ (the types, and the store the validator builds from a key list)
export type { Algorithm, CertificateThumbprints, Jwk, KeyPair, KeyStore, PrivateKey, PublicKey } from './keys/types.js';
export { createStaticKeyStore } from './keys/static-store.js';
export type { StaticKeyStore } from './keys/static-store.js';
export { DEFAULT_ALIAS } from './keys/alias.js';
export { SUPPORTED_ALGORITHMS } from './jws/algorithms.js';
export { generateKeyPair } from './keys/generate.js';
export type { GenerateKeyPairOptions } from './keys/generate.js';
export { importKey, importPrivateKey, importPublicKey } from './keys/import.js';
export type { ImportKeyOptions } from './keys/import.js';
export { exportJwk, exportPrivateKeyPem, exportPublicKeyPem } from './keys/export.js';
export { exportJwks } from './keys/jwks.js';
export { createJwksKeyStore } from './keys/jwks-store.js';
export type { JwksKeyStore, JwksKeyStoreOptions } from './keys/jwks-store.js';

// issue/ (the key manager's side; also `keygate/issue`)
export { issueKey } from './issue/issue-key.js';
export type { IssueApplication, IssueKeyOptions } from './issue/options.js';
export { decodeKey, DEFAULT_MAX_KEY_LENGTH } from './issue/decode-key.js';
export type { DecodedKey } from './issue/decode-key.js';
export { signJws } from './jws/sign.js';
export { revokeKey } from './stores/revoke.js';
export type { RevokedKey, RevokeKeyOptions } from './stores/revoke.js';

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
  RateLimitLevel,
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
  LastUsed,
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
  UsageRecorder,
  ValidationCache,
  ValidationTrace,
  Verification,
  VerifiedToken,
} from './validate/plugins.js';
export type { CacheStats } from './cache/lru.js';
