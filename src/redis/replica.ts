import { KeygateError } from '../errors.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import { startFollower, tableSlot, type ReplicaStatus } from '../replica/follower.js';
import { createFreshness } from '../replica/freshness.js';
import { keepRevocation, replicaIsRevoked, revocationsTable } from '../replica/revocations.js';
import { replicaFind, subscriptionsTable } from '../replica/subscriptions.js';
import { revocationListeners } from '../stores/revocation-listeners.js';
import type { RevocationListener, RevocationStore, Subscription, SubscriptionStore } from '../stores/types.js';
import { redisChangeFeed } from './change-feed.js';
import { redisCommand, type RedisClientLike } from './client.js';
import { replicaWriterParts, type RedisReplicaWriterOptions } from './replica-writer.js';

/** Options of `createRedisReplica`. */
export interface RedisReplicaOptions extends RedisReplicaWriterOptions {
  /**
   * A connection of its own for the change log's blocking reads (`XREAD BLOCK`), e.g.
   * `client.duplicate()`: changes arrive within a round trip. Without it the replica polls the
   * log on `client` every `heartbeat` ms.
   */
  readonly reader?: RedisClientLike | undefined;
  /**
   * Milliseconds a replica keeps answering without confirming that it holds every change (default
   * 5000). Past it, from an outage or a follower that cannot keep up, its stores answer
   * ERR_STORE_UNAVAILABLE (503 `store_unavailable`) until it is current again: no change made in
   * Redis goes unseen by an answering replica for longer.
   */
  readonly maxStaleness?: number | undefined;
  /**
   * How often an idle replica confirms it is current, in ms: with a `reader` the longest a read
   * blocks (default maxStaleness / 4, at most 1000), without one the pause between reads
   * (default maxStaleness / 4, at most 100). Must be below maxStaleness.
   */
  readonly heartbeat?: number | undefined;
  /** Clock in ms (default `Date.now`): for revocations' expiry and the staleness bound. */
  readonly now?: (() => number) | undefined;
  /** Told of each failure to read the log (for logs and alerts); the replica retries by itself. */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** Subscriptions from the replica's memory; writes go through Redis. */
export interface ReplicaSubscriptionStore extends SubscriptionStore {
  /** At once, from memory; throws ERR_STORE_UNAVAILABLE while the replica is stale. */
  find(applicationUuid: string, apiContext: string, apiVersion: string): Subscription | undefined;
  /** Every subscription of one application, from memory. */
  list(applicationUuid: string): Subscription[];
  /** Adds a subscription in Redis (rejects if it exists); resolves once this replica has it. */
  add(subscription: Subscription): Promise<void>;
  /** Replaces an existing subscription in Redis (rejects if there is none); resolves once this replica has it. */
  update(subscription: Subscription): Promise<void>;
  /** Removes a subscription in Redis; resolves to whether one was there, once this replica agrees. */
  remove(applicationUuid: string, apiContext: string, apiVersion: string): Promise<boolean>;
  /** Subscriptions held. */
  readonly size: number;
}

/** Revocations from the replica's memory; `revoke` goes through Redis. */
export interface ReplicaRevocationStore extends RevocationStore {
  /** At once, from memory; throws ERR_STORE_UNAVAILABLE while the replica is stale. */
  isRevoked(jti: string): boolean;
  /** Stores the revocation in Redis until 300 s past `expiresAt` (for good without it); this replica has it at once. */
  revoke(jti: string, expiresAt?: number): Promise<void>;
  /**
   * Listeners hear of every revocation this replica applies from the log, from any process (possibly
   * twice); not of those a full load brings in (their keys are refused all the same: every call asks).
   */
  onRevoke(listener: RevocationListener): () => void;
  /** Revocations held. */
  readonly size: number;
}

/** A local replica of the fleet's subscriptions and revocations (see `createRedisReplica`). */
export interface RedisReplica {
  readonly subscriptions: ReplicaSubscriptionStore;
  readonly revocations: ReplicaRevocationStore;
  /** Resolves once the first full load is done; it retries until Redis answers, the stores answer 503 until then. */
  readonly ready: Promise<void>;
  status(): ReplicaStatus;
  /** Stops following the log. The connections are yours: keygate never quits them. */
  close(): Promise<void>;
}

const DEFAULT_MAX_STALENESS_MS = 5000;
const REPLICA_OPTIONS = {
  prefix: true,
  timeout: true,
  logLength: true,
  reader: true,
  maxStaleness: true,
  heartbeat: true,
  now: true,
  onError: true,
} satisfies OptionNames<RedisReplicaOptions>;

function positive(value: number | undefined, name: string, fallback: number): number {
  const n = value ?? fallback;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) throw new KeygateError('ERR_INVALID_OPTION', `${name} must be a positive number of milliseconds`);
  return n;
}

/**
 * A local replica of the fleet's subscriptions and revocations, for validators that answer
 * from memory: the stores' `find` and `isRevoked` answer synchronously, with no Redis command on
 * the request path. Writes (`add`, `update`, `remove`, `revoke`) go to Redis together with an
 * entry in a change log (a Redis Stream), in one script; every replica follows the log, resumes
 * from its last entry after a reconnect, and loads everything again when the log was trimmed
 * past it. A replica that has not confirmed it is current for `maxStaleness` ms answers 503.
 */
export function createRedisReplica(client: RedisClientLike, options: RedisReplicaOptions = {}): RedisReplica {
  checkOptionNames(options, REPLICA_OPTIONS, 'createRedisReplica');
  const now = options.now ?? Date.now;
  const maxStaleness = positive(options.maxStaleness, 'maxStaleness', DEFAULT_MAX_STALENESS_MS);
  const blocking = options.reader !== undefined;
  const heartbeat = positive(options.heartbeat, 'heartbeat', Math.max(1, Math.min(blocking ? 1000 : 100, maxStaleness / 4)));
  if (heartbeat >= maxStaleness) throw new KeygateError('ERR_INVALID_OPTION', 'heartbeat must be below maxStaleness');
  const { keys, command, writes } = replicaWriterParts(client, options);
  const timeout = options.timeout ?? 1000;
  const read = options.reader === undefined ? command : redisCommand(options.reader, { timeout: timeout + Math.ceil(heartbeat) });

  const freshness = createFreshness(JSON.stringify(options.prefix ?? 'keygate:'), maxStaleness, now);
  const listeners = revocationListeners();
  const subscriptions = tableSlot(subscriptionsTable());
  const revocations = tableSlot(revocationsTable(now, listeners));
  const feed = redisChangeFeed(command, keys, { read, heartbeat, blocking, now });
  const follower = startFollower(feed, [subscriptions, revocations], {
    freshness,
    now,
    auditMs: Math.max(1000, 10 * heartbeat),
    retryMs: { min: 50, max: Math.min(1000, maxStaleness / 2) },
    onError: options.onError,
  });
  // A write resolves once this replica applied it, or after `timeout` (it is in Redis either way).
  const applied = async (seq: number): Promise<number> => {
    if (seq > 0) await follower.applied(seq, timeout);
    return seq;
  };

  return {
    subscriptions: {
      find: replicaFind(subscriptions, freshness),
      list(applicationUuid) {
        freshness.check();
        return subscriptions.storage.list(applicationUuid);
      },
      add: async (s) => void (await applied(await writes.addSubscription(s))),
      update: async (s) => void (await applied(await writes.updateSubscription(s))),
      remove: async (app, context, version) => (await applied(await writes.removeSubscription(app, context, version))) > 0,
      get size() {
        return subscriptions.storage.size;
      },
    },
    revocations: {
      isRevoked: replicaIsRevoked(revocations, freshness),
      async revoke(jti, expiresAt) {
        const { keptUntil } = await writes.revoke(jti, expiresAt);
        if (keptUntil > now()) keepRevocation(revocations, jti, keptUntil);
        listeners.notify(jti);
      },
      onRevoke: (listener) => listeners.add(listener),
      get size() {
        return revocations.storage.size;
      },
    },
    ready: follower.ready,
    status: () => follower.status(),
    close() {
      follower.close();
      listeners.clear();
      return Promise.resolve();
    },
  };
}
