import { KeygateError } from '../errors.js';
import { durationMs, MAX_TIMER_MS } from '../options/durations.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import { startFollower, tableSlot } from '../replica/follower.js';
import { APPLICATIONS } from '../replica/applications.js';
import { createFreshness } from '../replica/freshness.js';
import { blockingMatcher, blockingTable } from '../replica/blocking.js';
import { POLICIES } from '../replica/policies.js';
import { recordFinder, recordTable, UNREADABLE } from '../replica/records.js';
import { keepRevocation, replicaIsRevoked, revocationsTable } from '../replica/revocations.js';
import { replicaFind, subscriptionId, subscriptionsTable } from '../replica/subscriptions.js';
import { revocationListeners } from '../stores/revocation-listeners.js';
import { redisChangeFeed } from './change-feed.js';
import { redisCommand, type RedisClientLike } from './client.js';
import type { ResolvedTier } from '../throttle/types.js';
import type { RedisReplica } from './replica-stores.js';
import { blockingWrites, replicaWriterParts, type RedisReplicaWriterOptions } from './replica-writer.js';
import { storeWrites } from './table-writes.js';

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

/**
 * A local replica of the fleet's subscriptions, applications, throttling policies, blocking
 * conditions and revocations, for validators and throttles that answer from memory: the stores'
 * `find`, `match` and `isRevoked` answer synchronously, with no Redis command on the request path.
 * Writes (`add`, `update`, `remove`, `revoke`) go to Redis together with an
 * entry in a change log (a Redis Stream), in one script; every replica follows the log, resumes
 * from its last entry after a reconnect, and loads everything again when the log was trimmed
 * past it. A replica that has not confirmed it is current for `maxStaleness` ms answers 503.
 */
export function createRedisReplica(client: RedisClientLike, options: RedisReplicaOptions = {}): RedisReplica {
  checkOptionNames(options, REPLICA_OPTIONS, 'createRedisReplica');
  const now = options.now ?? Date.now;
  const maxStaleness = durationMs(options.maxStaleness, 'maxStaleness', DEFAULT_MAX_STALENESS_MS, Number.MAX_SAFE_INTEGER);
  const blocking = options.reader !== undefined;
  const heartbeat = durationMs(options.heartbeat, 'heartbeat', Math.max(1, Math.min(blocking ? 1000 : 100, maxStaleness / 4)));
  if (heartbeat >= maxStaleness) throw new KeygateError('ERR_INVALID_OPTION', 'heartbeat must be below maxStaleness');
  const { keys, command, writes } = replicaWriterParts(client, options);
  const timeout = options.timeout ?? 1000;
  // A blocking read may take a heartbeat before Redis answers, then up to `timeout` more.
  const readTimeout = timeout + Math.ceil(heartbeat);
  if (blocking && readTimeout > MAX_TIMER_MS) throw new KeygateError('ERR_INVALID_OPTION', `heartbeat + timeout must be at most ${MAX_TIMER_MS} ms with a reader`);
  const read = options.reader === undefined ? command : redisCommand(options.reader, { timeout: readTimeout });

  const freshness = createFreshness(JSON.stringify(options.prefix ?? 'keygate:'), maxStaleness, now);
  const listeners = revocationListeners();
  const subscriptions = tableSlot(subscriptionsTable());
  const revocations = tableSlot(revocationsTable(now, listeners));
  const applications = tableSlot(recordTable(APPLICATIONS));
  const policies = tableSlot(recordTable(POLICIES));
  const blockingConditions = tableSlot(blockingTable());
  const feed = redisChangeFeed(command, keys, { read, heartbeat, blocking, now });
  const follower = startFollower(feed, [subscriptions, revocations, applications, policies, blockingConditions], {
    freshness,
    now,
    auditMs: Math.max(1000, 10 * heartbeat),
    retryMs: { min: 50, max: Math.min(1000, maxStaleness / 2) },
    onError: options.onError,
  });
  // A write resolves once this replica applied it, or after `timeout` (it is in Redis either way).
  const applied = async (seq: number): Promise<void> => {
    if (seq > 0) await follower.applied(seq, timeout);
  };
  const subscriptionWrites = storeWrites(writes.subscriptions, applied);
  const findPolicy = recordFinder(policies, freshness, POLICIES);

  return {
    subscriptions: {
      find: replicaFind(subscriptions, freshness),
      list(applicationUuid) {
        freshness.check();
        return subscriptions.storage.list(applicationUuid);
      },
      add: subscriptionWrites.add,
      update: subscriptionWrites.update,
      remove: (app, context, version) => subscriptionWrites.remove(subscriptionId(app, context, version)),
      get size() {
        return subscriptions.storage.size;
      },
    },
    applications: {
      find: recordFinder(applications, freshness, APPLICATIONS),
      ...storeWrites(writes.applications, applied),
      get size() {
        return applications.storage.size;
      },
    },
    policies: {
      find: (name) => findPolicy(name)?.tier,
      list() {
        freshness.check();
        const held: Record<string, ResolvedTier> = {};
        for (const [name, policy] of policies.storage.entries()) if (policy !== UNREADABLE) held[name] = policy.tier;
        return held;
      },
      ...storeWrites(writes.policies, applied),
      get size() {
        return policies.storage.size;
      },
    },
    blockingConditions: {
      match: blockingMatcher(blockingConditions, freshness),
      ...blockingWrites(writes.blocking, applied),
      list() {
        freshness.check();
        return [...blockingConditions.storage.values()];
      },
      get size() {
        return blockingConditions.storage.size;
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
