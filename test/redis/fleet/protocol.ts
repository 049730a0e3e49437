/** The JSON-line protocol between the fleet test and its gateway child processes. */
import type { ApiDefinition, Application } from '../../../src/index.js';
import type { BlockingCondition, Tier } from '../../../src/gateway/index.js';

export interface WorkerConfig {
  readonly client: 'node-redis' | 'ioredis';
  readonly port: number;
  readonly prefix: string;
  readonly kid: string;
  readonly publicJwk: JsonWebKey;
  readonly apis: readonly ApiDefinition[];
  readonly tiers: Readonly<Record<string, Tier>>;
  /** `replica`: createRedisReplica's stores (with a reader connection) and a leased limiter. Default `redis`. */
  readonly stores?: 'redis' | 'replica';
  readonly maxStaleness?: number;
  /**
   * Resolve applications: with `redis` stores from createRedisApplicationStore (asked on every call),
   * with `replica` stores from the replica's memory. Default no.
   */
  readonly applications?: boolean;
  /**
   * Throttling policies and blocking conditions: with `redis` stores from createRedisPolicyStore and
   * createRedisBlockingConditions, with `replica` stores from the replica's memory. Default no.
   */
  readonly throttling?: boolean;
}

export type FleetCommand =
  | { readonly id: number; readonly op: 'validate'; readonly url: string; readonly key: string; readonly clientIp?: string }
  | { readonly id: number; readonly op: 'revoke'; readonly jti: string; readonly exp?: number }
  /** Writes an application through this gateway's application store (`remove` takes its uuid). */
  | { readonly id: number; readonly op: 'application'; readonly write: 'add' | 'update' | 'remove'; readonly application: Application }
  /** Adds or removes a blocking condition through this gateway's blocking conditions (with `throttling`). */
  | { readonly id: number; readonly op: 'blocking'; readonly write: 'add' | 'remove'; readonly condition: BlockingCondition }
  | { readonly id: number; readonly op: 'status' };

export type FleetReply =
  | { readonly event: 'ready' }
  | { readonly event: 'revoked'; readonly jti: string }
  | {
      readonly id: number;
      readonly ok: true;
      readonly cacheHits: number;
      readonly decidedAt: number;
      readonly application?: string | undefined;
      /** Every level counted: `level remaining`. */
      readonly rateLimits?: readonly string[];
    }
  | {
      readonly id: number;
      readonly ok: false;
      readonly cacheHits: number;
      readonly decidedAt: number;
      readonly status: number;
      readonly reason: string;
      readonly description: string;
      readonly retryAfter?: number;
      readonly cause?: string;
    }
  | { readonly id: number; readonly loads: number; readonly seq: number; readonly staleness: number }
  | { readonly id: number; readonly done: true }
  | { readonly id: number; readonly error: string };
