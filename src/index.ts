export { KeygateError, isKeygateError } from './errors.js';
export type { KeygateErrorCode } from './errors.js';

// keys/
export type { Algorithm, CertificateThumbprints, Jwk, KeyPair, KeyStore, PrivateKey, PublicKey } from './keys/types.js';
export { DEFAULT_ALIAS } from './keys/alias.js';
export { generateKeyPair } from './keys/generate.js';
export type { GenerateKeyPairOptions } from './keys/generate.js';
export { createStaticKeyStore } from './keys/static-store.js';
export type { StaticKeyStore } from './keys/static-store.js';
export { importKey, importPrivateKey, importPublicKey } from './keys/import.js';
export type { ImportKeyOptions } from './keys/import.js';
export { exportJwk, exportPrivateKeyPem, exportPublicKeyPem } from './keys/export.js';
export { exportJwks } from './keys/jwks.js';
export { createJwksKeyStore } from './keys/jwks-store.js';
export type { JwksKeyStore, JwksKeyStoreOptions } from './keys/jwks-store.js';

// claims/
export type {
  ApiKeyClaims,
  ApiKeyHeader,
  ApplicationClaim,
  KeyType,
  SubscribedApiClaim,
  TierInfoEntry,
} from './claims/types.js';

// jws/
export { signJws } from './jws/sign.js';
export { SUPPORTED_ALGORITHMS } from './jws/algorithms.js';

// issue/
export { issueKey } from './issue/issue-key.js';
export type { IssueApplication, IssueKeyOptions } from './issue/options.js';
export { decodeKey, DEFAULT_MAX_KEY_LENGTH } from './issue/decode-key.js';
export type { DecodedKey } from './issue/decode-key.js';

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
export { revokeKey } from './stores/revoke.js';
export type { RevokedKey, RevokeKeyOptions } from './stores/revoke.js';
export type { MemoryRevocationStore, MemoryRevocationStoreOptions } from './stores/memory-revocations.js';

// backend-jwt/
export type { BackendClaimsHook, BackendJwtContext, BackendJwtOptions } from './backend-jwt/types.js';
export { DEFAULT_EXCLUDED_CLAIMS, WSO2_DIALECT } from './backend-jwt/claims.js';

// audit/
export type { AuditEvent, AuditHook } from './audit/types.js';
export { keyFingerprint } from './audit/fingerprint.js';

// throttle/
export type { RateLimitDecision, RateLimiter, Tier } from './throttle/types.js';
export { createMemoryRateLimiter } from './throttle/memory-limiter.js';
export type { MemoryRateLimiter, MemoryRateLimiterOptions } from './throttle/memory-limiter.js';
export { APPLICATION_TIERS, SUBSCRIPTION_TIERS, resolveTiers } from './throttle/tiers.js';

// validate/
export { createValidator } from './validate/validator.js';
export { apiBasePath } from './validate/apis.js';
export type {
  ApiDefinition,
  CredentialLocation,
  FailureReason,
  FailureStatus,
  RequestLike,
  ValidateContext,
  ValidationFailure,
  ValidationResult,
  ValidationSuccess,
  Validator,
  ValidatorOptions,
  ValidatorStats,
  ValidationCacheOptions,
  RateLimitInfo,
  WSO2ErrorCode,
} from './validate/types.js';

// restrict/
export { parseIp, type ParsedIp } from './restrict/ip-text.js';
export { parseCidr, type ParsedCidr } from './restrict/cidr.js';
export { compileIpAllowList, ipMatches, type IpAllowList } from './restrict/allow-list.js';
export { compileReferrerPatterns, referrerMatches, type ReferrerPatterns } from './restrict/referrer.js';
export { resolveClientIp, type ClientIpOptions, type ForwardingHeader, type ResolveClientIpOptions } from './restrict/client-ip.js';

// adapters/
export { createFetchGuard, withApiKey } from './adapters/fetch.js';
export type { FetchAdapterOptions, FetchVerdict } from './adapters/fetch.js';
export { errorResponse, errorResponseParts } from './adapters/error-response.js';
export type { ErrorResponseParts } from './adapters/error-response.js';
export { hideCredentials, removeQueryParam } from './adapters/hide-credentials.js';
export { forwardedRequest } from './adapters/forward.js';
export type { AdapterOptions, ValidatorLike } from './adapters/options.js';
