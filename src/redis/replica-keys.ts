import { KeygateError } from '../errors.js';
import { optionalPrefix } from './client.js';

/**
 * Where a replica's state lives in Redis. Every key carries the hash tag `{<prefix>replica}`, so
 * on Redis Cluster they all share one slot and a write, its change-log entry and the counter
 * change in one script (one node holds the replicated tables; rate limits still spread out).
 */
export interface ReplicaKeys {
  /** The change log, a Stream: one entry per change (`n` number, `t` table, `k` id, `v` value unless deleted). */
  readonly log: string;
  /** The number of the last change logged. */
  readonly seq: string;
  /** Revocations by the time they may be forgotten (a sorted set), to drop expired ones. */
  readonly revokedUntil: string;
  /** A table's hash: id → stored value. */
  table(name: string): string;
}

export function replicaKeys(prefixOption: string | undefined): ReplicaKeys {
  const prefix = optionalPrefix(prefixOption);
  if (/[{}]/.test(prefix)) {
    throw new KeygateError('ERR_INVALID_OPTION', 'a replica\'s prefix must not hold { or }: its keys put the prefix in a Redis Cluster hash tag');
  }
  const base = `{${prefix}replica}:`;
  return {
    log: `${base}log`,
    seq: `${base}seq`,
    revokedUntil: `${base}revoked-until`,
    table: (name) => `${base}table:${name}`,
  };
}
