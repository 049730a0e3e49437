import type { KeyType } from '../claims/types.js';

/**
 * What a key inventory keeps of one issued API key: who it is for and what it allows, never the
 * key itself (a key is a bearer credential: whoever reads a stored copy can call with it).
 */
export interface IssuedKey {
  /** The key's `jti`: its identity for revocation. */
  readonly jti: string;
  readonly applicationUuid: string;
  readonly keyType: KeyType;
  /** A name to tell keys apart in a list (WSO2's `keyName`). */
  readonly keyName: string;
  /** The subscriber it was issued to (the key's `sub`). */
  readonly subject?: string | undefined;
  /** When it was issued: the key's `iat`, in seconds since the epoch. */
  readonly issuedAt: number;
  /** When it expires: the key's `exp`, in seconds since the epoch; absent for a key that never expires. */
  readonly expiresAt?: number | undefined;
  /** Its IP restriction, the `permittedIP` claim (comma-separated). */
  readonly permittedIP?: string | undefined;
  /** Its referrer restriction, the `permittedReferer` claim (comma-separated). */
  readonly permittedReferer?: string | undefined;
  /**
   * When a gateway last accepted a call with it, in seconds since the epoch, as far as the
   * gateways' `lastUsed` tracker has written (see `createLastUsedTracker`); absent when not known.
   * Set by the inventory as it answers, not by `record`.
   */
  readonly lastUsedAt?: number | undefined;
}

/** A key's latest use a gateway noted: what a `LastUsedStore` writes. */
export interface KeyUse {
  readonly jti: string;
  /** When, in whole seconds since the epoch. */
  readonly usedAt: number;
  /** The key's `exp` (seconds); absent for a key that never expires. (The stores keep a use with the key's entry, which expires with it.) */
  readonly expiresAt?: number | undefined;
}

/**
 * Where `createLastUsedTracker` writes the times keys were last used: `createMemoryKeyInventory`
 * and `createRedisKeyInventory` are ones. A write never makes a time go back.
 */
export interface LastUsedStore {
  /** Writes a batch of uses (one per key); a rejection is reported to the tracker's `onError`. */
  recordUses(uses: readonly KeyUse[]): void | Promise<void>;
}

/**
 * The keys issued per application (the key service's option `inventory`): listed in the developer
 * portal, looked up to revoke one by `jti`. Entries of expired keys may be dropped. Methods may
 * answer at once (in memory) or with a promise (Redis); a store error rejects.
 */
export interface KeyInventory {
  /** Records a key just issued. */
  record(key: IssuedKey): void | Promise<void>;
  find(jti: string): IssuedKey | undefined | Promise<IssuedKey | undefined>;
  /** The unexpired keys of one application, oldest first. */
  list(applicationUuid: string): readonly IssuedKey[] | Promise<readonly IssuedKey[]>;
  /** Forgets a key (once it is revoked); resolves to whether it was there. */
  remove(jti: string): boolean | Promise<boolean>;
}
