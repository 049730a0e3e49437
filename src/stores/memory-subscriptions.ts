import { alreadySubscribed, checkSubscription as checked, notSubscribed } from './subscription-check.js';
import type { Subscription, SubscriptionStore } from './types.js';

/** The default, in-process subscription store. */
export interface MemorySubscriptionStore extends SubscriptionStore {
  /** Answers at once, from memory. */
  find(applicationUuid: string, apiContext: string, apiVersion: string): Subscription | undefined;
  /** Adds a subscription; throws if one exists for the same application, context and version. */
  add(subscription: Subscription): void;
  /** Replaces an existing subscription (status or tier change); throws if there is none. */
  update(subscription: Subscription): void;
  /** Removes a subscription; returns whether one was there. */
  remove(applicationUuid: string, apiContext: string, apiVersion: string): boolean;
  /** Every subscription, or those of one application, in insertion order. */
  list(applicationUuid?: string): Subscription[];
}

// A separator that cannot occur in the three parts, so ("a","b/c") and ("a/b","c") differ.
const keyOf = (uuid: string, context: string, version: string): string => `${uuid}\u0000${context}\u0000${version}`;

/** The in-process `SubscriptionStore`, optionally filled with `subscriptions`; for one gateway process. */
export function createMemorySubscriptionStore(subscriptions: Iterable<Subscription> = []): MemorySubscriptionStore {
  const map = new Map<string, Subscription>();
  // context -> version -> application -> subscription: a lookup on every call, by strings the
  // caller already holds (V8 keeps their hashes), where `keyOf` would build and hash a new one.
  const index = new Map<string, Map<string, Map<string, Subscription>>>();
  const place = (s: Subscription, keep: boolean): void => {
    let versions = index.get(s.apiContext);
    if (versions === undefined) index.set(s.apiContext, (versions = new Map()));
    let apps = versions.get(s.apiVersion);
    if (apps === undefined) versions.set(s.apiVersion, (apps = new Map()));
    if (keep) apps.set(s.applicationUuid, s);
    else apps.delete(s.applicationUuid);
  };
  const store: MemorySubscriptionStore = {
    find(applicationUuid, apiContext, apiVersion) {
      return index.get(apiContext)?.get(apiVersion)?.get(applicationUuid);
    },
    add(subscription) {
      const s = checked(subscription);
      const key = keyOf(s.applicationUuid, s.apiContext, s.apiVersion);
      if (map.has(key)) throw alreadySubscribed(s);
      map.set(key, s);
      place(s, true);
    },
    update(subscription) {
      const s = checked(subscription);
      const key = keyOf(s.applicationUuid, s.apiContext, s.apiVersion);
      if (!map.has(key)) throw notSubscribed(s);
      map.set(key, s);
      place(s, true);
    },
    remove(applicationUuid, apiContext, apiVersion) {
      const s = map.get(keyOf(applicationUuid, apiContext, apiVersion));
      if (s === undefined) return false;
      map.delete(keyOf(applicationUuid, apiContext, apiVersion));
      place(s, false);
      return true;
    },
    list: (applicationUuid) => [...map.values()].filter((s) => applicationUuid === undefined || s.applicationUuid === applicationUuid),
  };
  for (const s of subscriptions) store.add(s);
  return store;
}
