import type { ApiResource } from '../apis/types.js';
import type { ApiKeyClaims, TierInfoEntry } from '../claims/types.js';
import type { Subscription } from '../stores/types.js';
import type { AcceptedCall, UnauthenticatedCall } from '../validate/plugins.js';
import type { ApiDefinition, RateLimitLevel } from '../validate/types.js';
import type { ResolvedTier } from './types.js';

/** One level a call is counted at: the tier to look up (or, for the hard limit, the limit itself) and its counter. */
export interface Level {
  readonly level: RateLimitLevel;
  readonly tierName: string;
  /** The counter's key. NUL cannot occur in UUIDs, contexts or versions: two tuples never share one. */
  readonly key: string;
  /** The hard limit's limit (no tier is looked up). */
  readonly fixed?: ResolvedTier;
}

/** A call's levels in WSO2's order (spike arrest aside: it follows from the subscription's policy). */
export interface CallLevels {
  readonly levels: readonly Level[];
  /** The spike arrest counter of the call's subscription, when one is counted. */
  readonly spikeKey: string | undefined;
  /** The key's `tierInfo` for its subscription tier (WSO2 reads `stopOnQuotaReach` and spike arrest there). */
  readonly keyInfo: TierInfoEntry | undefined;
}

/** WSO2's tier of calls to resources that need no key (counted per client address). */
export const UNAUTHENTICATED_TIER = 'Unauthenticated';

interface ApiLevels {
  readonly id: string;
  readonly api: Level | undefined;
  readonly PRODUCTION: Level | undefined;
  readonly SANDBOX: Level | undefined;
}

const hardLimit = (id: string, env: string, maxTps: number | undefined): Level | undefined =>
  maxTps === undefined
    ? undefined
    : { level: 'hardLimit', tierName: 'maxTps', key: `hard\u0000${id}\u0000${env}`, fixed: Object.freeze({ requests: maxTps, periodSeconds: 1 }) };

/**
 * Works out a call's levels. The keys are built once per API, resource, subscription record and
 * (cached) key claims, and kept with them in WeakMaps, so a call with in-memory stores and a
 * validation cache builds no string.
 */
export function levelPlanner(): (call: AcceptedCall | UnauthenticatedCall) => CallLevels {
  const apis = new WeakMap<ApiDefinition, ApiLevels>();
  const resources = new WeakMap<ApiResource, Level>();
  const subscriptions = new WeakMap<Subscription, { readonly level: Level; readonly spikeKey: string }>();
  const users = new WeakMap<ApiKeyClaims, Level>();

  const apiLevels = (api: ApiDefinition): ApiLevels => {
    let found = apis.get(api);
    if (found === undefined) {
      const id = `${api.context}\u0000${api.version}`;
      const { tier, maxTps } = api;
      found = {
        id,
        api: tier === undefined ? undefined : { level: 'api', tierName: tier, key: `api\u0000${id}` },
        PRODUCTION: hardLimit(id, 'PRODUCTION', maxTps?.production),
        SANDBOX: hardLimit(id, 'SANDBOX', maxTps?.sandbox),
      };
      apis.set(api, found);
    }
    return found;
  };

  const resourceLevel = (id: string, resource: ApiResource, tier: string): Level => {
    let found = resources.get(resource);
    if (found === undefined || found.tierName !== tier) {
      found = { level: 'resource', tierName: tier, key: `res\u0000${id}\u0000${resource.path}\u0000${resource.methods.join(',')}` };
      resources.set(resource, found);
    }
    return found;
  };

  return (call) => {
    const { api, resource } = call;
    const on = apiLevels(api);
    const levels: Level[] = [];
    if (on.api !== undefined) levels.push(on.api);
    const hard = on[call.authenticated === false ? (api.keyTypes?.includes('PRODUCTION') === false ? 'SANDBOX' : 'PRODUCTION') : call.keyType];
    if (hard !== undefined) levels.push(hard);
    if (resource?.tier !== undefined) levels.push(resourceLevel(on.id, resource, resource.tier));
    if (call.authenticated === false) {
      levels.push({ level: 'subscription', tierName: UNAUTHENTICATED_TIER, key: `ip\u0000${call.clientIp ?? ''}\u0000${on.id}` });
      return { levels, spikeKey: `spike\u0000ip\u0000${call.clientIp ?? ''}\u0000${on.id}`, keyInfo: undefined };
    }
    const { claims, subscription } = call;
    let spikeKey: string | undefined;
    let keyInfo: TierInfoEntry | undefined;
    if (subscription.tier !== undefined) {
      let sub = subscriptions.get(subscription);
      if (sub === undefined || sub.level.tierName !== subscription.tier) {
        const id = `${subscription.applicationUuid}\u0000${subscription.apiContext}\u0000${subscription.apiVersion}`;
        sub = { level: { level: 'subscription', tierName: subscription.tier, key: `sub\u0000${id}` }, spikeKey: `spike\u0000${id}` };
        subscriptions.set(subscription, sub);
      }
      levels.push(sub.level);
      spikeKey = sub.spikeKey;
      keyInfo = claims.tierInfo?.[subscription.tier];
    }
    // The application store's record when there is one (it wins over the key's claims); per
    // application and end user, as WSO2 keys it (appId:authorizedUser).
    const tier = (call.application ?? claims.application).tier;
    if (tier !== undefined) {
      let user = users.get(claims);
      if (user === undefined || user.tierName !== tier) {
        user = { level: 'application', tierName: tier, key: `app\u0000${claims.application.uuid}\u0000${claims.sub ?? ''}` };
        users.set(claims, user);
      }
      levels.push(user);
    }
    return { levels, spikeKey, keyInfo };
  };
}
