import { KeygateError } from '../errors.js';
import type { Subscription, SubscriptionStatus, SubscriptionStore } from './types.js';

const STATUSES: readonly SubscriptionStatus[] = ['UNBLOCKED', 'BLOCKED', 'PROD_ONLY_BLOCKED', 'ON_HOLD', 'REJECTED'];

/** The default, in-process subscription store. */
export interface MemorySubscriptionStore extends SubscriptionStore {
  /** Adds a subscription; throws if one exists for the same application, context and version. */
  add(subscription: Subscription): void;
  /** Replaces an existing subscription (status or tier change); throws if there is none. */
  update(subscription: Subscription): void;
  /** Removes a subscription; returns whether one was there. */
  remove(applicationUuid: string, apiContext: string, apiVersion: string): boolean;
  /** Every subscription, in insertion order. */
  list(): Subscription[];
}

// A separator that cannot occur in the three parts, so ("a","b/c") and ("a/b","c") differ.
const keyOf = (uuid: string, context: string, version: string): string => `${uuid}\u0000${context}\u0000${version}`;

function checked(subscription: Subscription): Subscription {
  for (const field of ['applicationUuid', 'apiContext', 'apiVersion'] as const) {
    const value: unknown = subscription?.[field];
    if (typeof value !== 'string' || value.length === 0) {
      throw new KeygateError('ERR_INVALID_OPTION', `subscription.${field} must be a non-empty string`);
    }
  }
  if (subscription.status !== undefined && !STATUSES.includes(subscription.status)) {
    throw new KeygateError('ERR_INVALID_OPTION', `subscription.status must be one of ${STATUSES.join(', ')}`);
  }
  return Object.freeze({ ...subscription });
}

export function createMemorySubscriptionStore(subscriptions: Iterable<Subscription> = []): MemorySubscriptionStore {
  const map = new Map<string, Subscription>();
  const store: MemorySubscriptionStore = {
    find(applicationUuid, apiContext, apiVersion) {
      return Promise.resolve(map.get(keyOf(applicationUuid, apiContext, apiVersion)));
    },
    add(subscription) {
      const s = checked(subscription);
      const key = keyOf(s.applicationUuid, s.apiContext, s.apiVersion);
      if (map.has(key)) {
        throw new KeygateError('ERR_INVALID_OPTION', `application ${s.applicationUuid} is already subscribed to ${s.apiContext} ${s.apiVersion}; use update()`);
      }
      map.set(key, s);
    },
    update(subscription) {
      const s = checked(subscription);
      const key = keyOf(s.applicationUuid, s.apiContext, s.apiVersion);
      if (!map.has(key)) {
        throw new KeygateError('ERR_INVALID_OPTION', `application ${s.applicationUuid} has no subscription to ${s.apiContext} ${s.apiVersion}; use add()`);
      }
      map.set(key, s);
    },
    remove(applicationUuid, apiContext, apiVersion) {
      return map.delete(keyOf(applicationUuid, apiContext, apiVersion));
    },
    list() {
      return [...map.values()];
    },
  };
  for (const s of subscriptions) store.add(s);
  return store;
}
