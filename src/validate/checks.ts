import type { Application, ApplicationStore } from '../applications/types.js';
import type { CompiledApi } from '../apis/compile.js';
import type { ApiKeyClaims } from '../claims/types.js';
import type { RevocationStore, Subscription, SubscriptionStore } from '../stores/types.js';
import { failure } from './failures.js';
import { isPromiseLike } from './maybe-promise.js';
import { rethrowAsStoreFailure, storeFailure } from './store-failure.js';
import type { ValidationFailure } from './types.js';

/** `exp` and `nbf` against the clock, with `tolerance` seconds of skew either way. */
export function checkLifetime(claims: ApiKeyClaims, nowSeconds: number, tolerance: number): ValidationFailure | undefined {
  if (claims.exp !== undefined && nowSeconds - tolerance >= claims.exp) return failure('expired', 'The API key has expired');
  if (claims.nbf !== undefined && nowSeconds + tolerance < claims.nbf) {
    return failure('not_yet_valid', 'The API key is not valid yet');
  }
  return undefined;
}

/** A key of a type the API is not deployed for (WSO2: "Sandbox Key Provided for Production Gateway"). */
export function checkKeyType(claims: ApiKeyClaims, { api }: CompiledApi): ValidationFailure | undefined {
  if (api.keyTypes === undefined || api.keyTypes.includes(claims.keytype)) return undefined;
  return failure('wrong_key_type', `A ${claims.keytype} key cannot call ${api.name} ${api.version} on this gateway`);
}

/** The revocation store's answer as a refusal. */
export function checkRevoked(revoked: boolean): ValidationFailure | undefined {
  return revoked ? failure('revoked', 'The API key has been revoked') : undefined;
}

/**
 * With an application store, its answer: an unknown application, or one not `APPROVED`, is
 * refused. Without one there is nothing to check (the key's claim names the application).
 */
export function checkApplication(store: ApplicationStore | undefined, found: Application | undefined): ValidationFailure | undefined {
  if (store === undefined) return undefined;
  if (found === undefined) return failure('unknown_application', "The API key's application is not known to this gateway");
  const status = found.status ?? 'APPROVED';
  return status === 'APPROVED' ? undefined : failure('application_blocked', `The application is ${status}`);
}

/**
 * The mandatory subscription check, on the store's answer (the key cannot vouch for itself). A
 * full key must also list the API in `subscribedAPIs` (by context, or by the versioned context
 * WSO2 writes there), as WSO2's older gateways required.
 */
export function checkSubscription(
  claims: ApiKeyClaims,
  { api, versionedContext }: CompiledApi,
  subscription: Subscription | undefined,
): Subscription | ValidationFailure {
  const name = `${api.name} ${api.version}`;
  if (claims.subscribedAPIs !== undefined) {
    const listed = claims.subscribedAPIs.some(
      (s) => s.version === api.version && (s.context === api.context || s.context === versionedContext),
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

/** The stores a call asks. */
export interface Stores {
  readonly revocations: RevocationStore;
  readonly subscriptions: SubscriptionStore;
  readonly applications: ApplicationStore | undefined;
}

/**
 * Asks the revocation, subscription and (when given) application stores at once, so remote
 * stores cost one round trip of latency, not three; answers at once (no promise) when they all do.
 */
export function lookUpStores(claims: ApiKeyClaims, api: CompiledApi, stores: Stores): StoreAnswers | Promise<StoreAnswers> {
  let revoked: boolean | Promise<boolean>;
  let subscription: Subscription | undefined | Promise<Subscription | undefined>;
  let application: Application | undefined | Promise<Application | undefined>;
  const uuid = claims.application.uuid;
  try {
    revoked = stores.revocations.isRevoked(claims.jti);
    subscription = stores.subscriptions.find(uuid, api.api.context, api.api.version);
    application = stores.applications?.find(uuid);
  } catch (error) {
    throw storeFailure(error);
  }
  if (isPromiseLike(revoked) || isPromiseLike(subscription) || isPromiseLike(application)) {
    return Promise.all([revoked, subscription, application]).then(toAnswers, rethrowAsStoreFailure);
  }
  return { revoked, subscription, application };
}

// Module-level, so that no call allocates it.
const toAnswers = ([revoked, subscription, application]: [boolean, Subscription | undefined, Application | undefined]): StoreAnswers => ({
  revoked,
  subscription,
  application,
});

export interface StoreAnswers {
  readonly revoked: boolean;
  readonly subscription: Subscription | undefined;
  readonly application: Application | undefined;
}
