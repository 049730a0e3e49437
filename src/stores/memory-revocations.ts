import { revocationKeptUntil } from './clock-tolerance.js';
import { revocationListeners } from './revocation-listeners.js';
import type { RevocationListener, RevocationStore } from './types.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';

/** The in-process `RevocationStore` (see `createMemoryRevocationStore`). */
export interface MemoryRevocationStore extends RevocationStore {
  isRevoked(jti: string): boolean;
  revoke(jti: string, expiresAt?: number): void;
  onRevoke(listener: RevocationListener): () => void;
  /** Number of revocations held (expired entries are dropped lazily). */
  readonly size: number;
}

/** Options of `createMemoryRevocationStore`. */
export interface MemoryRevocationStoreOptions {
  /** Clock in milliseconds (default `Date.now`). */
  readonly now?: (() => number) | undefined;
}

/**
 * The default revocation store. An entry lives until 300 s (MAX_CLOCK_TOLERANCE) past the key's
 * `exp`, after which every validator refuses the key as expired anyway; a key without `exp` stays
 * revoked for the life of the process.
 */
export function createMemoryRevocationStore(options: MemoryRevocationStoreOptions = {}): MemoryRevocationStore {
  checkOptionNames(options, { now: true } satisfies OptionNames<MemoryRevocationStoreOptions>, 'createMemoryRevocationStore');
  const now = options.now ?? Date.now;
  // jti -> expiry in ms, or Infinity for keys that never expire.
  const revoked = new Map<string, number>();
  const listeners = revocationListeners();
  let nextSweep = 0;

  // Sweep at most once a minute so revoke() stays O(1) amortised.
  const sweep = (t: number): void => {
    if (t < nextSweep) return;
    nextSweep = t + 60_000;
    for (const [jti, until] of revoked) if (until <= t) revoked.delete(jti);
  };

  return {
    isRevoked(jti) {
      const until = revoked.get(jti);
      if (until === undefined) return false;
      if (until <= now()) {
        revoked.delete(jti);
        return false;
      }
      return true;
    },
    revoke(jti, expiresAt) {
      const t = now();
      sweep(t);
      const until = revocationKeptUntil(expiresAt) * 1000;
      revoked.set(jti, Math.max(revoked.get(jti) ?? 0, until));
      listeners.notify(jti);
    },
    onRevoke: (listener) => listeners.add(listener),
    get size() {
      return revoked.size;
    },
  };
}
