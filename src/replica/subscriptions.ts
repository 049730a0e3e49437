import { alreadySubscribed, checkSubscription, notSubscribed } from '../stores/subscription-check.js';
import { corruptSubscription, decodeSubscription, encodeSubscriptionState, parseStringArray } from '../stores/subscription-codec.js';
import type { Subscription } from '../stores/types.js';
import type { TableSlot } from './follower.js';
import type { Freshness } from './freshness.js';
import type { RecordWriteSpec } from './records.js';
import type { ReplicatedTable, TableStorage } from './types.js';

/** The subscriptions table's name in the change log. */
export const SUBSCRIPTIONS_TABLE = 'subs';

/** A subscription's id in the log: the JSON array `[applicationUuid, apiContext, apiVersion]`. */
export const subscriptionId = (applicationUuid: string, apiContext: string, apiVersion: string): string =>
  JSON.stringify([applicationUuid, apiContext, apiVersion]);

/** How subscriptions are written: ids as `subscriptionId`, values as `encodeSubscriptionState`. */
export const SUBSCRIPTION_WRITES: RecordWriteSpec<Subscription> = {
  table: SUBSCRIPTIONS_TABLE,
  idOf: (s) => subscriptionId(s.applicationUuid, s.apiContext, s.apiVersion),
  check: checkSubscription,
  encode: encodeSubscriptionState,
  exists: alreadySubscribed,
  missing: notSubscribed,
};

/** Subscriptions indexed context → version → application, as the memory store keeps them. */
export interface SubscriptionStorage extends TableStorage<Subscription> {
  find(applicationUuid: string, apiContext: string, apiVersion: string): Subscription | undefined;
  list(applicationUuid: string): Subscription[];
  /** Entries held whose stored value could not be read (each answers ERR_STORE_UNAVAILABLE). */
  readonly corrupt: number;
}

// Entries whose stored state was unreadable: kept so that their look-ups fail closed.
const unreadable = new WeakSet<Subscription>();

function subscriptionStorage(): SubscriptionStorage {
  const index = new Map<string, Map<string, Map<string, Subscription>>>();
  let size = 0;
  let corrupt = 0;
  const appsOf = (apiContext: string, apiVersion: string, create: boolean): Map<string, Subscription> | undefined => {
    let versions = index.get(apiContext);
    if (versions === undefined) {
      if (!create) return undefined;
      index.set(apiContext, (versions = new Map()));
    }
    let apps = versions.get(apiVersion);
    if (apps === undefined && create) versions.set(apiVersion, (apps = new Map()));
    return apps;
  };
  const remove = (applicationUuid: string, apiContext: string, apiVersion: string): void => {
    const apps = appsOf(apiContext, apiVersion, false);
    const old = apps?.get(applicationUuid);
    if (apps === undefined || old === undefined) return;
    apps.delete(applicationUuid);
    size -= 1;
    if (unreadable.has(old)) corrupt -= 1;
  };
  return {
    find: (applicationUuid, apiContext, apiVersion) => index.get(apiContext)?.get(apiVersion)?.get(applicationUuid),
    list(applicationUuid) {
      const found: Subscription[] = [];
      for (const versions of index.values()) {
        for (const apps of versions.values()) {
          const s = apps.get(applicationUuid);
          if (s !== undefined) found.push(s);
        }
      }
      return found;
    },
    set(_id, s) {
      remove(s.applicationUuid, s.apiContext, s.apiVersion);
      appsOf(s.apiContext, s.apiVersion, true)!.set(s.applicationUuid, s);
      size += 1;
      if (unreadable.has(s)) corrupt += 1;
    },
    delete(id) {
      const parts = parseStringArray(id, 3);
      if (parts !== undefined) remove(parts[0]!, parts[1]!, parts[2]!);
    },
    get size() {
      return size;
    },
    get corrupt() {
      return corrupt;
    },
  };
}

/** The subscriptions table: ids as `subscriptionId`, values as `encodeSubscriptionState`. */
export function subscriptionsTable(): ReplicatedTable<Subscription, SubscriptionStorage> {
  // Contexts, versions and tiers repeat across a million subscriptions: one copy of each is kept.
  const strings = new Map<string, string>();
  const intern = (text: string): string => {
    const known = strings.get(text);
    if (known !== undefined) return known;
    strings.set(text, text);
    return text;
  };
  return {
    name: SUBSCRIPTIONS_TABLE,
    decode(id, value) {
      const parts = parseStringArray(id, 3);
      if (parts === undefined) return undefined; // no look-up can reach an id that is not keygate's
      const [applicationUuid, apiContext, apiVersion] = parts as [string, string, string];
      try {
        return decodeSubscription(applicationUuid, apiContext, apiVersion, value, intern);
      } catch {
        // Kept, refused: its look-ups answer ERR_STORE_UNAVAILABLE until the entry is rewritten.
        const entry: Subscription = Object.freeze({ applicationUuid, apiContext, apiVersion, status: 'REJECTED' });
        unreadable.add(entry);
        return entry;
      }
    },
    createStorage: subscriptionStorage,
  };
}

/** `find` from memory, synchronously: no promise hop on the validator's path. */
export function replicaFind(slot: TableSlot<Subscription, SubscriptionStorage>, freshness: Freshness) {
  return (applicationUuid: string, apiContext: string, apiVersion: string): Subscription | undefined => {
    freshness.check();
    const storage = slot.storage;
    const found = storage.find(applicationUuid, apiContext, apiVersion);
    if (storage.corrupt > 0 && found !== undefined && unreadable.has(found)) throw corruptSubscription();
    return found;
  };
}
