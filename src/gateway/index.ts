// `keygate/gateway`: the validator's optional features, as plugins for createValidator
// (options cache, throttle, resources, cors, backendJwt, clientIp, audit, lastUsed). See docs/gateway.md.

// cache/
export { createValidationCache } from '../cache/validation-cache.js';
export type { ValidationCacheOptions } from '../cache/validation-cache.js';

// throttle/
export { createThrottle } from '../throttle/throttle.js';
export type { ThrottleOptions } from '../throttle/throttle.js';
export type { RateLimitDecision, RateLimiter, Tier } from '../throttle/types.js';
export { createMemoryRateLimiter } from '../throttle/memory-limiter.js';
export type { MemoryRateLimiter, MemoryRateLimiterOptions } from '../throttle/memory-limiter.js';
export { APPLICATION_TIERS, SUBSCRIPTION_TIERS, resolveTiers } from '../throttle/tiers.js';

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
