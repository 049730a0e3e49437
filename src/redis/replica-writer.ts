import { checkOptionNames, type OptionNames } from '../options/known.js';
import { encodeKeptUntil, REVOCATIONS_TABLE } from '../replica/revocations.js';
import { SUBSCRIPTIONS_TABLE, subscriptionId } from '../replica/subscriptions.js';
import { revocationKeptUntil } from '../stores/clock-tolerance.js';
import { alreadySubscribed, checkSubscription, notSubscribed } from '../stores/subscription-check.js';
import { decodeSubscription, encodeSubscriptionState } from '../stores/subscription-codec.js';
import type { RevocationStore, Subscription } from '../stores/types.js';
import { changeLogWriter, logLengthOf, type ChangeLogWriter } from './change-log.js';
import { redisCommand, type RedisClientLike, type RedisCommonOptions } from './client.js';
import { replicaKeys } from './replica-keys.js';
import { replyString } from './reply.js';
import { checkJti } from './revocations.js';

/** Options of `createRedisReplicaWriter` (and the writing side of `createRedisReplica`). */
export interface RedisReplicaWriterOptions extends RedisCommonOptions {
  /**
   * Entries the change log keeps, about (default 10,000; Redis trims whole stream nodes). A
   * replica that falls further behind than this, or is away while as many changes are made,
   * loads everything again when it is back.
   */
  readonly logLength?: number | undefined;
}

/** Subscriptions written to the replicated tables (the admin side). */
export interface ReplicaSubscriptionWriter {
  /** Adds a subscription; rejects if one exists for the same application, context and version. */
  add(subscription: Subscription): Promise<void>;
  /** Replaces an existing subscription (status or tier change); rejects if there is none. */
  update(subscription: Subscription): Promise<void>;
  /** Removes a subscription; resolves to whether one was there. */
  remove(applicationUuid: string, apiContext: string, apiVersion: string): Promise<boolean>;
  /** One HGET (not meant for the request path: that is what a replica is for). */
  find(applicationUuid: string, apiContext: string, apiVersion: string): Promise<Subscription | undefined>;
}

/** Revocations written to the replicated tables (the admin side); `revokeKey` takes it. */
export interface ReplicaRevocationWriter extends RevocationStore {
  /** One HGET. */
  isRevoked(jti: string): Promise<boolean>;
  /** Stores the `jti` until 300 s past `expiresAt` (for good without it) and logs it, in one script. */
  revoke(jti: string, expiresAt?: number): Promise<void>;
}

/**
 * Writes to a replica's tables from a process that does not follow them (a developer portal, a
 * CLI, a job): each write and its change-log entry in one script, as `createRedisReplica`'s
 * stores write. Every replica of the same prefix applies it.
 */
export interface RedisReplicaWriter {
  readonly subscriptions: ReplicaSubscriptionWriter;
  readonly revocations: ReplicaRevocationWriter;
}

/** The writes, resolving to the number of the change logged (0: nothing changed). */
export interface ReplicaWrites {
  addSubscription(subscription: Subscription): Promise<number>;
  updateSubscription(subscription: Subscription): Promise<number>;
  removeSubscription(applicationUuid: string, apiContext: string, apiVersion: string): Promise<number>;
  /** Resolves to the change's number and the time until which the revocation is kept (ms). */
  revoke(jti: string, expiresAt: number | undefined): Promise<{ readonly seq: number; readonly keptUntil: number }>;
}

export function replicaWrites(log: ChangeLogWriter): ReplicaWrites {
  const idOf = (s: Subscription): string => subscriptionId(s.applicationUuid, s.apiContext, s.apiVersion);
  return {
    async addSubscription(subscription) {
      const s = checkSubscription(subscription);
      const seq = await log.write('add', SUBSCRIPTIONS_TABLE, idOf(s), encodeSubscriptionState(s));
      if (seq === 0) throw alreadySubscribed(s);
      return seq;
    },
    async updateSubscription(subscription) {
      const s = checkSubscription(subscription);
      const seq = await log.write('update', SUBSCRIPTIONS_TABLE, idOf(s), encodeSubscriptionState(s));
      if (seq === 0) throw notSubscribed(s);
      return seq;
    },
    removeSubscription: (applicationUuid, apiContext, apiVersion) =>
      log.write('remove', SUBSCRIPTIONS_TABLE, subscriptionId(applicationUuid, apiContext, apiVersion)),
    async revoke(jti, expiresAt) {
      checkJti(jti);
      const keptUntil = revocationKeptUntil(expiresAt) * 1000;
      return { seq: await log.revoke(jti, encodeKeptUntil(keptUntil)), keptUntil };
    },
  };
}

/** The writes of `createRedisReplicaWriter`, and what a replica's writes run on. */
export function replicaWriterParts(client: RedisClientLike, options: RedisReplicaWriterOptions) {
  const keys = replicaKeys(options.prefix);
  const command = redisCommand(client, options);
  return { keys, command, writes: replicaWrites(changeLogWriter(command, keys, logLengthOf(options.logLength))) };
}

/**
 * Writes subscriptions and revocations to the replicated tables of `prefix` without following
 * them: for admin processes. Each write and its change-log entry are one script.
 */
export function createRedisReplicaWriter(client: RedisClientLike, options: RedisReplicaWriterOptions = {}): RedisReplicaWriter {
  checkOptionNames(options, { prefix: true, timeout: true, logLength: true } satisfies OptionNames<RedisReplicaWriterOptions>, 'createRedisReplicaWriter');
  const { keys, command, writes } = replicaWriterParts(client, options);
  const hget = async (table: string, id: string): Promise<string | undefined> =>
    replyString(await command(['HGET', keys.table(table), id]), 'HGET');
  return {
    subscriptions: {
      add: async (s) => void (await writes.addSubscription(s)),
      update: async (s) => void (await writes.updateSubscription(s)),
      remove: async (app, context, version) => (await writes.removeSubscription(app, context, version)) > 0,
      async find(app, context, version) {
        const state = await hget(SUBSCRIPTIONS_TABLE, subscriptionId(app, context, version));
        return state === undefined ? undefined : decodeSubscription(app, context, version, state);
      },
    },
    revocations: {
      async isRevoked(jti) {
        const keep = await hget(REVOCATIONS_TABLE, jti);
        return keep !== undefined && (keep === '' || !(Number(keep) <= Date.now()));
      },
      revoke: async (jti, expiresAt) => void (await writes.revoke(jti, expiresAt)),
    },
  };
}
