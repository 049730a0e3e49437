import { alreadySubscribed, checkSubscription as checked, notSubscribed } from './subscription-check.js';
import type { Subscription, SubscriptionStore } from './types.js';

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

/** The in-process `SubscriptionStore`, optionally filled with `subscriptions`; for one gateway process. */
export function createMemorySubscriptionStore(subscriptions: Iterable<Subscription> = []): MemorySubscriptionStore {
  const map = new Map<string, Subscription>();
  const store: MemorySubscriptionStore = {
    find(applicationUuid, apiContext, apiVersion) {
      return Promise.resolve(map.get(keyOf(applicationUuid, apiContext, apiVersion)));
    },
    add(subscription) {
      const s = checked(subscription);
      const key = keyOf(s.applicationUuid, s.apiContext, s.apiVersion);
      if (map.has(key)) throw alreadySubscribed(s);
      map.set(key, s);
    },
    update(subscription) {
      const s = checked(subscription);
      const key = keyOf(s.applicationUuid, s.apiContext, s.apiVersion);
      if (!map.has(key)) throw notSubscribed(s);
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
