import type { Application } from '../applications/types.js';
import type { IssuedKey } from '../inventory/types.js';
import type { Subscription } from '../stores/types.js';
import type { ResolvedTier, Tier } from '../throttle/types.js';
import { subscriptionIdOf, apiIdOf } from './ids.js';
import type { ServiceApi } from './options.js';

/**
 * WSO2's Developer Portal DTOs (devportal-api.yaml), field for field; keygate has no value for
 * some (groups, scopes, monetization) and sends WSO2's empty ones.
 */

/** ApplicationInfo: an entry of `GET /applications`. */
export function applicationInfo(app: Application, subscriptionCount: number): Record<string, unknown> {
  return {
    applicationId: app.uuid,
    name: app.name,
    throttlingPolicy: app.tier ?? 'Unlimited',
    description: app.description ?? '',
    status: app.status ?? 'APPROVED',
    groups: [],
    subscriptionCount,
    attributes: app.attributes ?? {},
    owner: app.owner ?? '',
  };
}

/** Application: `GET /applications/{applicationId}` and what POST and PUT answer. */
export function applicationDto(app: Application, subscriptionCount: number): Record<string, unknown> {
  const { groups, subscriptionCount: count, attributes, owner, ...head } = applicationInfo(app, subscriptionCount);
  return { ...head, tokenType: 'JWT', groups, subscriptionCount: count, keys: [], attributes, subscriptionScopes: [], owner, hashEnabled: false };
}

/** APIInfo: an entry of `GET /apis`. `context` is the path its calls use, with the version, as WSO2 shows it. */
export function apiInfo(api: ServiceApi, tiers: ReadonlyMap<string, Tier>): Record<string, unknown> {
  const status = api.definition.status ?? 'PUBLISHED';
  return {
    id: api.id,
    name: api.definition.name,
    description: '',
    context: api.basePath,
    version: api.definition.version,
    type: 'HTTP',
    provider: 'admin',
    lifeCycleStatus: status,
    throttlingPolicies: [...tiers.keys()],
    isSubscriptionAvailable: status === 'PUBLISHED',
  };
}

/** Subscription, with the API's APIInfo when the service serves that API. */
export function subscriptionDto(s: Subscription, api: ServiceApi | undefined, tiers: ReadonlyMap<string, Tier>): Record<string, unknown> {
  const tier = s.tier ?? 'Unlimited';
  return {
    subscriptionId: subscriptionIdOf(s),
    applicationId: s.applicationUuid,
    apiId: api?.id ?? apiIdOf({ context: s.apiContext, version: s.apiVersion }),
    ...(api === undefined ? {} : { apiInfo: apiInfo(api, tiers) }),
    throttlingPolicy: tier,
    requestedThrottlingPolicy: tier,
    status: s.status ?? 'UNBLOCKED',
    redirectionParams: '',
  };
}

/** WSO2 writes an unlimited tier's count as the largest int. */
const MAX_INT = 2_147_483_647;

/** ThrottlingPolicy: an entry of `GET /throttling-policies/{policyLevel}`. */
export function throttlingPolicyDto(name: string, tier: ResolvedTier, policyLevel: 'subscription' | 'application'): Record<string, unknown> {
  const unlimited = tier.requests === Infinity;
  const requestCount = unlimited ? MAX_INT : tier.requests;
  return {
    name,
    description: unlimited ? 'Allows unlimited requests' : `Allows ${requestCount} request(s) per ${tier.periodSeconds} second(s).`,
    policyLevel,
    attributes: {},
    requestCount,
    unitTime: tier.periodSeconds * 1000,
    timeUnit: 'ms',
    rateLimitCount: 0,
    quotaPolicyType: 'REQUESTCOUNT',
    tierPlan: 'FREE',
    stopOnQuotaReach: tier.stopOnQuotaReach ?? true,
  };
}

const isoTime = (seconds: number): string => new Date(seconds * 1000).toISOString();

/**
 * An issued key, as WSO2 4.7's portal lists its new keys (APIKeyInfo: name, application, key type,
 * creation time, validity period, last use) with keygate's `jti` to revoke it by, and its restrictions.
 * `lastUsedTime` is there once a gateway's last-used tracker wrote a use of the key.
 */
export function apiKeyInfo(key: IssuedKey): Record<string, unknown> {
  return {
    keyName: key.keyName,
    jti: key.jti,
    applicationId: key.applicationUuid,
    keyType: key.keyType,
    createdTime: isoTime(key.issuedAt),
    validityPeriod: key.expiresAt === undefined ? -1 : key.expiresAt - key.issuedAt,
    ...(key.expiresAt === undefined ? {} : { expiryTime: isoTime(key.expiresAt) }),
    ...(key.lastUsedAt === undefined ? {} : { lastUsedTime: isoTime(key.lastUsedAt) }),
    additionalProperties: { permittedIP: key.permittedIP ?? '', permittedReferer: key.permittedReferer ?? '' },
  };
}
