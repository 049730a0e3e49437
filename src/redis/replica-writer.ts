import type { Application } from '../applications/types.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import { APPLICATIONS } from '../replica/applications.js';
import { BLOCKING } from '../replica/blocking.js';
import { POLICIES, type ReplicaPolicy } from '../replica/policies.js';
import { decodeRecord } from '../replica/records.js';
import { encodeKeptUntil, REVOCATIONS_TABLE } from '../replica/revocations.js';
import { SUBSCRIPTION_WRITES, SUBSCRIPTIONS_TABLE, subscriptionId } from '../replica/subscriptions.js';
import { revocationKeptUntil } from '../stores/clock-tolerance.js';
import { decodeSubscription } from '../stores/subscription-codec.js';
import type { RevocationStore, Subscription } from '../stores/types.js';
import { conditionId } from '../throttle/blocking-index.js';
import type { BlockingCondition, BlockingConditionsEditor } from '../throttle/blocking-types.js';
import type { ResolvedTier } from '../throttle/types.js';
import { changeLogWriter, logLengthOf } from './change-log.js';
import { redisCommand, type RedisClientLike, type RedisCommonOptions } from './client.js';
import { replicaKeys } from './replica-keys.js';
import { replyString } from './reply.js';
import { checkJti } from './revocations.js';
import { storeWrites, tableWrites, type TableWrites } from './table-writes.js';

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

/** Applications written to the replicated tables (the admin side). */
export interface ReplicaApplicationWriter {
  /** Adds an application; rejects if one with the same uuid exists. */
  add(application: Application): Promise<void>;
  /** Replaces an existing application (name, owner, tier, status or attributes change); rejects if there is none. */
  update(application: Application): Promise<void>;
  /** Removes an application; resolves to whether one was there. */
  remove(uuid: string): Promise<boolean>;
  /** One HGET (not meant for the request path: that is what a replica is for); rejects for an entry that is not an application. */
  find(uuid: string): Promise<Application | undefined>;
}

/** Throttling policies written to the replicated tables (the admin side). */
export interface ReplicaPolicyWriter {
  /** Adds a policy; rejects if one of the same name exists, or (ERR_INVALID_OPTION) if the tier is not one. */
  add(policy: ReplicaPolicy): Promise<void>;
  /** Replaces an existing policy's tier; rejects if there is none. */
  update(policy: ReplicaPolicy): Promise<void>;
  /** Removes a policy; resolves to whether one was there. */
  remove(name: string): Promise<boolean>;
  /** One HGET (not meant for the request path: that is what a replica is for); rejects for an entry that is not a policy. */
  find(name: string): Promise<ResolvedTier | undefined>;
}

/** WSO2's blocking conditions written to the replicated tables (the admin side). */
export interface ReplicaBlockingWriter extends BlockingConditionsEditor {
  /** Adds a condition, or replaces the one of the same type and value; resolves to whether it is new. */
  add(condition: BlockingCondition): Promise<boolean>;
  /** Removes the condition of this type and value; resolves to whether there was one. */
  remove(condition: Pick<BlockingCondition, 'type' | 'value'>): Promise<boolean>;
}

/** A blocking-conditions editor over a table's writes: each resolves once `settle(seq)` has. */
export function blockingWrites(writes: TableWrites<BlockingCondition>, settle: (seq: number) => Promise<unknown>): ReplicaBlockingWriter {
  return {
    async add(condition) {
      const seq = await writes.put(condition);
      await settle(Math.abs(seq));
      return seq > 0;
    },
    async remove(condition) {
      const seq = await writes.remove(conditionId(condition));
      await settle(seq);
      return seq > 0;
    },
  };
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
  readonly applications: ReplicaApplicationWriter;
  readonly policies: ReplicaPolicyWriter;
  readonly blockingConditions: ReplicaBlockingWriter;
  readonly revocations: ReplicaRevocationWriter;
}

/** The writes, resolving to the number of the change logged (0: nothing changed). */
export interface ReplicaWrites {
  readonly subscriptions: TableWrites<Subscription>;
  readonly applications: TableWrites<Application>;
  readonly policies: TableWrites<ReplicaPolicy>;
  readonly blocking: TableWrites<BlockingCondition>;
  /** Resolves to the change's number and the time until which the revocation is kept (ms). */
  revoke(jti: string, expiresAt: number | undefined): Promise<{ readonly seq: number; readonly keptUntil: number }>;
}

/** The writes of `createRedisReplicaWriter`, and what a replica's writes run on. */
export function replicaWriterParts(client: RedisClientLike, options: RedisReplicaWriterOptions) {
  const keys = replicaKeys(options.prefix);
  const command = redisCommand(client, options);
  const log = changeLogWriter(command, keys, logLengthOf(options.logLength));
  const writes: ReplicaWrites = {
    subscriptions: tableWrites(log, SUBSCRIPTION_WRITES),
    applications: tableWrites(log, APPLICATIONS),
    policies: tableWrites(log, POLICIES),
    blocking: tableWrites(log, BLOCKING),
    async revoke(jti, expiresAt) {
      checkJti(jti);
      const keptUntil = revocationKeptUntil(expiresAt) * 1000;
      return { seq: await log.revoke(jti, encodeKeptUntil(keptUntil)), keptUntil };
    },
  };
  return { keys, command, writes };
}

/**
 * Writes subscriptions, applications, throttling policies, blocking conditions and revocations to the replicated tables of `prefix` without following
 * them: for admin processes. Each write and its change-log entry are one script.
 */
export function createRedisReplicaWriter(client: RedisClientLike, options: RedisReplicaWriterOptions = {}): RedisReplicaWriter {
  checkOptionNames(options, { prefix: true, timeout: true, logLength: true } satisfies OptionNames<RedisReplicaWriterOptions>, 'createRedisReplicaWriter');
  const { keys, command, writes } = replicaWriterParts(client, options);
  const hget = async (table: string, id: string): Promise<string | undefined> =>
    replyString(await command(['HGET', keys.table(table), id]), 'HGET');
  const done = (): Promise<void> => Promise.resolve();
  const subscriptions = storeWrites(writes.subscriptions, done);
  return {
    subscriptions: {
      add: subscriptions.add,
      update: subscriptions.update,
      remove: (app, context, version) => subscriptions.remove(subscriptionId(app, context, version)),
      async find(app, context, version) {
        const state = await hget(SUBSCRIPTIONS_TABLE, subscriptionId(app, context, version));
        return state === undefined ? undefined : decodeSubscription(app, context, version, state);
      },
    },
    applications: {
      ...storeWrites(writes.applications, done),
      async find(uuid) {
        const text = await hget(APPLICATIONS.table, uuid);
        return text === undefined ? undefined : decodeRecord(APPLICATIONS, uuid, text);
      },
    },
    policies: {
      ...storeWrites(writes.policies, done),
      async find(name) {
        const text = await hget(POLICIES.table, name);
        return text === undefined ? undefined : decodeRecord(POLICIES, name, text).tier;
      },
    },
    blockingConditions: blockingWrites(writes.blocking, done),
    revocations: {
      async isRevoked(jti) {
        const keep = await hget(REVOCATIONS_TABLE, jti);
        return keep !== undefined && (keep === '' || !(Number(keep) <= Date.now()));
      },
      revoke: async (jti, expiresAt) => void (await writes.revoke(jti, expiresAt)),
    },
  };
}
