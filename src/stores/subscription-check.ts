import { KeygateError } from '../errors.js';
import type { Subscription, SubscriptionStatus } from './types.js';

export const SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = ['UNBLOCKED', 'BLOCKED', 'PROD_ONLY_BLOCKED', 'ON_HOLD', 'REJECTED', 'TIER_UPDATE_PENDING'];

export function isSubscriptionStatus(value: unknown): value is SubscriptionStatus {
  return (SUBSCRIPTION_STATUSES as readonly unknown[]).includes(value);
}

/** Validates a subscription handed to a store's add/update and returns a frozen copy. */
export function checkSubscription(subscription: Subscription): Subscription {
  for (const field of ['applicationUuid', 'apiContext', 'apiVersion'] as const) {
    const value: unknown = subscription?.[field];
    if (typeof value !== 'string' || value.length === 0) {
      throw new KeygateError('ERR_INVALID_OPTION', `subscription.${field} must be a non-empty string`);
    }
  }
  if (subscription.status !== undefined && !isSubscriptionStatus(subscription.status)) {
    throw new KeygateError('ERR_INVALID_OPTION', `subscription.status must be one of ${SUBSCRIPTION_STATUSES.join(', ')}`);
  }
  if (subscription.tier !== undefined && typeof subscription.tier !== 'string') {
    throw new KeygateError('ERR_INVALID_OPTION', 'subscription.tier must be a string');
  }
  return Object.freeze({ ...subscription });
}

export function alreadySubscribed(s: Subscription): KeygateError {
  return new KeygateError('ERR_INVALID_OPTION', `application ${s.applicationUuid} is already subscribed to ${s.apiContext} ${s.apiVersion}; use update()`);
}

export function notSubscribed(s: Subscription): KeygateError {
  return new KeygateError('ERR_INVALID_OPTION', `application ${s.applicationUuid} has no subscription to ${s.apiContext} ${s.apiVersion}; use add()`);
}
