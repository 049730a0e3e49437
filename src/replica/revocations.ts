import type { RevocationListeners } from '../stores/revocation-listeners.js';
import { mapTable, type MapStorage } from './map-table.js';
import type { TableSlot } from './follower.js';
import type { Freshness } from './freshness.js';
import type { ReplicatedTable } from './types.js';

/** The revocations table's name in the change log. */
export const REVOCATIONS_TABLE = 'revoked';

/** A revocation's stored value: until when it is kept, in ms since the epoch; empty for good. */
export const encodeKeptUntil = (ms: number): string => (ms === Infinity ? '' : String(Math.ceil(ms)));

function decodeKeptUntil(value: string): number {
  if (value === '') return Infinity;
  const ms = Number(value);
  // An unreadable value fails closed: revoked for good.
  return Number.isFinite(ms) ? ms : Infinity;
}

const TIDY_EVERY_MS = 60_000;

/**
 * Revoked `jti`s with the time until which each is kept (MAX_CLOCK_TOLERANCE past the key's
 * `exp`, as every keygate store keeps them; Infinity for keys without `exp`). Expired entries
 * are not loaded and are dropped once a minute: holding one longer refuses only a key that every
 * validator already refuses as expired.
 */
export function revocationsTable(now: () => number, listeners: RevocationListeners): ReplicatedTable<number, MapStorage<number>> {
  let nextTidy = 0;
  return mapTable<number>({
    name: REVOCATIONS_TABLE,
    decode(_jti, value) {
      const until = decodeKeptUntil(value);
      return until > now() ? until : undefined;
    },
    onSet: (jti) => listeners.notify(jti),
    tidy(storage) {
      const t = now();
      if (t < nextTidy) return;
      nextTidy = t + TIDY_EVERY_MS;
      for (const [jti, until] of storage.entries()) if (until <= t) storage.delete(jti);
    },
  });
}

/** `isRevoked` from memory, synchronously. */
export function replicaIsRevoked(slot: TableSlot<number, MapStorage<number>>, freshness: Freshness) {
  return (jti: string): boolean => {
    freshness.check();
    return slot.storage.has(jti);
  };
}

/** Applies a revocation this process wrote at once (the log brings it again; the later time wins). */
export function keepRevocation(slot: TableSlot<number, MapStorage<number>>, jti: string, until: number): void {
  const storage = slot.storage;
  storage.set(jti, Math.max(storage.get(jti) ?? -Infinity, until));
}
