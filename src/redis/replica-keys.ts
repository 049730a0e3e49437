import { KeygateError } from '../errors.js';
import { optionalPrefix } from './client.js';

/**
 * Where a replica's state lives in Redis. Every key carries the hash tag `{<prefix>replica}`, so
 * on Redis Cluster they all share one slot and a write, its change-log entry and the counter
 * change in one script (one node holds the replicated tables; the rate limiter's counters have a
 * slot of their own, `{<prefix>rate}`).
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

/**
 * `{<prefix><name>}`: a Redis Cluster hash tag that puts every key built on it in one slot, so that
 * one script may touch them all. A prefix holding `{` or `}` would end the tag early (and scripts
 * would fail with CROSSSLOT on every call), so it is refused.
 */
export function hashTagged(prefixOption: string | undefined, name: string): string {
  const prefix = optionalPrefix(prefixOption);
  if (/[{}]/.test(prefix)) {
    throw new KeygateError('ERR_INVALID_OPTION', `prefix must not hold { or }: keygate puts it in a Redis Cluster hash tag ({<prefix>${name}})`);
  }
  return `{${prefix}${name}}`;
}

export function replicaKeys(prefixOption: string | undefined): ReplicaKeys {
  const base = `${hashTagged(prefixOption, 'replica')}:`;
  return {
    log: `${base}log`,
    seq: `${base}seq`,
    revokedUntil: `${base}revoked-until`,
    table: (name) => `${base}table:${name}`,
  };
}
