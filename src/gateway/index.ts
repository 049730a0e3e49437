// `keygate/gateway`: the validator's optional features, as plugins for createValidator
// (options cache, throttle, resources, cors, backendJwt, clientIp, audit, lastUsed). See docs/gateway.md.

// cache/
export { createValidationCache } from '../cache/validation-cache.js';
export type { ValidationCacheOptions } from '../cache/validation-cache.js';

// throttle/
export { createThrottle } from '../throttle/throttle.js';
export type { ThrottleOptions } from '../throttle/throttle.js';
export type { Limit, PolicyLevel, PolicyStore, RateCounter, RateLimitDecision, RateLimiter, ResolvedTier, Tier, TimeUnit } from '../throttle/types.js';
export { createMemoryRateLimiter } from '../throttle/memory-limiter.js';
export type { MemoryRateLimiter, MemoryRateLimiterOptions } from '../throttle/memory-limiter.js';
export { ADVANCED_TIERS, APPLICATION_TIERS, SUBSCRIPTION_TIERS, TIME_UNITS, resolveTiers } from '../throttle/tiers.js';
export { createMemoryPolicyStore } from '../throttle/policies.js';
export type { MemoryPolicyStore } from '../throttle/policies.js';
export { createBlockingConditions } from '../throttle/blocking.js';
export type { MemoryBlockingConditions } from '../throttle/blocking.js';
export type {
  BlockingCondition,
  BlockingConditions,
  BlockingConditionsEditor,
  BlockingConditionType,
  BlockingSubject,
} from '../throttle/blocking-types.js';

// applications/ and apis/: the gateway's data model around a key
export { createMemoryApplicationStore } from '../applications/memory-store.js';
export type { MemoryApplicationStore } from '../applications/memory-store.js';
export { createResourceMatcher } from '../apis/resources.js';

// cors/ (answered by the adapters of keygate/node, keygate/fetch and keygate/hono)
export { createCors } from '../cors/plugin.js';

// backend-jwt/
export { createBackendJwt } from '../backend-jwt/generator.js';
export type { BackendClaimsHook, BackendJwtContext, BackendJwtOptions } from '../backend-jwt/types.js';
export { DEFAULT_EXCLUDED_CLAIMS, WSO2_DIALECT } from '../backend-jwt/claims.js';

// restrict/ (clients behind proxies)
export { createClientIpResolver, resolveClientIp } from '../restrict/client-ip.js';
export type { ClientIpOptions, ForwardingHeader, ResolveClientIpOptions } from '../restrict/client-ip.js';

// audit/
export { createAuditTrail } from '../audit/trail.js';
export type { AuditEvent, AuditHook } from '../audit/types.js';
export { keyFingerprint } from '../audit/fingerprint.js';

// inventory/: when each key was last used, written in batches to the key inventory
export { createLastUsedTracker } from '../inventory/last-used.js';
export type { LastUsedStats, LastUsedTracker, LastUsedTrackerOptions } from '../inventory/last-used.js';
export type { KeyUse, LastUsedStore } from '../inventory/types.js';
