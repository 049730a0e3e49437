import { checkOptionNames, type OptionNames } from '../options/known.js';
import { byIssue, checkIssuedKey, hasExpired } from './check.js';
import type { IssuedKey, KeyInventory, KeyUse, LastUsedStore } from './types.js';

/** The in-process `KeyInventory` (see `createMemoryKeyInventory`). */
export interface MemoryKeyInventory extends KeyInventory, LastUsedStore {
  record(key: IssuedKey): void;
  find(jti: string): IssuedKey | undefined;
  list(applicationUuid: string): IssuedKey[];
  remove(jti: string): boolean;
  /** Sets the `lastUsedAt` of the keys it holds (later times only); uses of other keys are dropped. */
  recordUses(uses: readonly KeyUse[]): void;
  /** Entries held (expired ones are dropped as their application is listed). */
  readonly size: number;
}

/** Options of `createMemoryKeyInventory`. */
export interface MemoryKeyInventoryOptions {
  /** Clock in milliseconds (default `Date.now`). */
  readonly now?: (() => number) | undefined;
}

/**
 * The in-process key inventory, for one key-service process (`createRedisKeyInventory` in
 * `keygate/redis` shares one). Entries are checked and frozen as they are recorded; a bad one
 * throws `ERR_INVALID_OPTION`. A gateway in the same process writes the keys' last use to it
 * (`createLastUsedTracker({ store: inventory })`).
 */
export function createMemoryKeyInventory(options: MemoryKeyInventoryOptions = {}): MemoryKeyInventory {
  checkOptionNames(options, { now: true } satisfies OptionNames<MemoryKeyInventoryOptions>, 'createMemoryKeyInventory');
  const now = options.now ?? Date.now;
  const keys = new Map<string, IssuedKey>();
  const byApplication = new Map<string, Set<string>>();
  const remove = (jti: string): boolean => {
    const key = keys.get(jti);
    if (key === undefined) return false;
    keys.delete(jti);
    const jtis = byApplication.get(key.applicationUuid);
    jtis?.delete(jti);
    if (jtis?.size === 0) byApplication.delete(key.applicationUuid);
    return true;
  };
  return {
    record(issued) {
      const key = checkIssuedKey(issued);
      remove(key.jti);
      keys.set(key.jti, key);
      let jtis = byApplication.get(key.applicationUuid);
      if (jtis === undefined) byApplication.set(key.applicationUuid, (jtis = new Set()));
      jtis.add(key.jti);
    },
    find: (jti) => keys.get(jti),
    list(applicationUuid) {
      const t = now();
      const found: IssuedKey[] = [];
      for (const jti of byApplication.get(applicationUuid) ?? []) {
        const key = keys.get(jti)!;
        if (hasExpired(key, t)) remove(jti);
        else found.push(key);
      }
      return found.sort(byIssue);
    },
    remove,
    recordUses(uses) {
      for (const { jti, usedAt } of uses) {
        const key = keys.get(jti);
        if (key !== undefined && Number.isFinite(usedAt) && (key.lastUsedAt ?? -1) < usedAt) keys.set(jti, Object.freeze({ ...key, lastUsedAt: usedAt }));
      }
    },
    get size() {
      return keys.size;
    },
  };
}
