import type { Application, ApplicationStore } from '../applications/types.js';
import type { ReplicaStatus } from '../replica/follower.js';
import type { ReplicaPolicy } from '../replica/policies.js';
import type { RevocationListener, RevocationStore, Subscription, SubscriptionStore } from '../stores/types.js';
import type { BlockingCondition, BlockingConditions, BlockingConditionsEditor, BlockingSubject } from '../throttle/blocking-types.js';
import type { PolicyLevel, PolicyStore, ResolvedTier } from '../throttle/types.js';

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

/** Applications from the replica's memory (validator option `applications`); writes go through Redis. */
export interface ReplicaApplicationStore extends ApplicationStore {
  /**
   * At once, from memory; throws ERR_STORE_UNAVAILABLE while the replica is stale, or for an entry
   * stored in Redis that is not an application (503, never a pass).
   */
  find(uuid: string): Application | undefined;
  /** Adds an application in Redis (rejects if one with the same uuid exists); resolves once this replica has it. */
  add(application: Application): Promise<void>;
  /** Replaces an existing application in Redis (rejects if there is none); resolves once this replica has it. */
  update(application: Application): Promise<void>;
  /** Removes an application in Redis; resolves to whether one was there, once this replica agrees. */
  remove(uuid: string): Promise<boolean>;
  /** Applications held. */
  readonly size: number;
}

/** Throttling policies from the replica's memory (throttle option `policies`); writes go through Redis. */
export interface ReplicaPolicyStore extends PolicyStore {
  /**
   * At once, from memory (one namespace: `level` is not looked at); throws ERR_STORE_UNAVAILABLE
   * while the replica is stale, or for an entry stored in Redis that is not a policy (503, never a pass).
   */
  find(name: string, level?: PolicyLevel): ResolvedTier | undefined;
  /** Adds a policy in Redis (rejects if one of the same name exists); resolves once this replica has it. */
  add(policy: ReplicaPolicy): Promise<void>;
  /** Replaces an existing policy's tier in Redis (rejects if there is none); resolves once this replica has it. */
  update(policy: ReplicaPolicy): Promise<void>;
  /** Removes a policy in Redis; resolves to whether one was there, once this replica agrees. Calls on that tier then fail closed (500) unless a built-in tier has its name. */
  remove(name: string): Promise<boolean>;
  /** Every policy held, by name, from memory (entries that are not policies left out); throws ERR_STORE_UNAVAILABLE while the replica is stale. */
  list(): Record<string, ResolvedTier>;
  /** Policies held. */
  readonly size: number;
}

/** WSO2's blocking conditions matched in the replica's memory (throttle option `blocking`); changes go through Redis. */
export interface ReplicaBlockingConditions extends BlockingConditions, BlockingConditionsEditor {
  /**
   * At once, from memory (a map look-up per kind, one search for the addresses); throws
   * ERR_STORE_UNAVAILABLE while the replica is stale, or while an entry stored in Redis is not a
   * condition (it could be the one that blocks: 503, never a pass).
   */
  match(subject: BlockingSubject): BlockingCondition | undefined;
  /** Adds a condition in Redis, or replaces the one of the same type and value; resolves once this replica has it, to whether it is new. */
  add(condition: BlockingCondition): Promise<boolean>;
  /** Removes the condition of this type and value from Redis; resolves to whether there was one, once this replica agrees. */
  remove(condition: Pick<BlockingCondition, 'type' | 'value'>): Promise<boolean>;
  /** Every condition held, from memory; throws ERR_STORE_UNAVAILABLE while the replica is stale (an empty list would read as "none"). */
  list(): BlockingCondition[];
  /** Conditions held (unreadable entries included). */
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

/** A local replica of the fleet's subscriptions, applications, throttling policies, blocking conditions and revocations (see `createRedisReplica`). */
export interface RedisReplica {
  readonly subscriptions: ReplicaSubscriptionStore;
  readonly applications: ReplicaApplicationStore;
  readonly policies: ReplicaPolicyStore;
  readonly blockingConditions: ReplicaBlockingConditions;
  readonly revocations: ReplicaRevocationStore;
  /** Resolves once the first full load is done; it retries until Redis answers, the stores answer 503 until then. */
  readonly ready: Promise<void>;
  status(): ReplicaStatus;
  /** Stops following the log. The connections are yours: keygate never quits them. */
  close(): Promise<void>;
}
