import type { ApiKeyClaims } from '../claims/types.js';
import type { RevocationStore, Subscription, SubscriptionStore } from '../stores/types.js';
import { apiBasePath } from './apis.js';
import { failure } from './failures.js';
import { isPromiseLike } from './maybe-promise.js';
import { rethrowAsStoreFailure, storeFailure } from './store-failure.js';
import type { ApiDefinition, ValidationFailure } from './types.js';

/** `exp` and `nbf` against the clock, with `tolerance` seconds of skew either way. */
export function checkLifetime(claims: ApiKeyClaims, nowSeconds: number, tolerance: number): ValidationFailure | undefined {
  if (claims.exp !== undefined && nowSeconds - tolerance >= claims.exp) return failure('expired', 'The API key has expired');
  if (claims.nbf !== undefined && nowSeconds + tolerance < claims.nbf) {
    return failure('not_yet_valid', 'The API key is not valid yet');
  }
  return undefined;
}

/** The revocation store's answer as a refusal. */
export function checkRevoked(revoked: boolean): ValidationFailure | undefined {
  return revoked ? failure('revoked', 'The API key has been revoked') : undefined;
}

/**
 * The mandatory subscription check, on the store's answer (the key cannot vouch for itself). A
 * full key must also list the API in `subscribedAPIs`, as WSO2's older gateways required.
 */
export function checkSubscription(
  claims: ApiKeyClaims,
  api: ApiDefinition,
  subscription: Subscription | undefined,
): Subscription | ValidationFailure {
  const name = `${api.name} ${api.version}`;
  if (claims.subscribedAPIs !== undefined) {
    const basePath = apiBasePath(api);
    const listed = claims.subscribedAPIs.some(
      (s) => s.version === api.version && (s.context === api.context || s.context === basePath),
    );
    if (!listed) return failure('not_subscribed', `The API key is not issued for ${name}`);
  }
  if (!subscription) return failure('not_subscribed', `The application is not subscribed to ${name}`);
  const status = subscription.status ?? 'UNBLOCKED';
  // TIER_UPDATE_PENDING passes, as in WSO2: the old tier applies until the change is approved.
  const blocked = status === 'PROD_ONLY_BLOCKED' ? claims.keytype === 'PRODUCTION' : status !== 'UNBLOCKED' && status !== 'TIER_UPDATE_PENDING';
  if (blocked) return failure('subscription_blocked', `The subscription to ${name} is ${status}`);
  return subscription;
}

/**
 * Asks the revocation and the subscription store at once, so remote stores cost one round trip
 * of latency, not two; answers at once (no promise) when both stores do.
 */
export function lookUpStores(
  claims: ApiKeyClaims,
  api: ApiDefinition,
  revocations: RevocationStore,
  subscriptions: SubscriptionStore,
): StoreAnswers | Promise<StoreAnswers> {
  let revoked: boolean | Promise<boolean>;
  let subscription: Subscription | undefined | Promise<Subscription | undefined>;
  try {
    revoked = revocations.isRevoked(claims.jti);
    subscription = subscriptions.find(claims.application.uuid, api.context, api.version);
  } catch (error) {
    throw storeFailure(error);
  }
  if (isPromiseLike(revoked) || isPromiseLike(subscription)) {
    return Promise.all([revoked, subscription]).then(([r, s]) => ({ revoked: r, subscription: s }), rethrowAsStoreFailure);
  }
  return { revoked, subscription };
}

export interface StoreAnswers {
  readonly revoked: boolean;
  readonly subscription: Subscription | undefined;
}
