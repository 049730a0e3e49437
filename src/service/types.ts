import type { Application, ApplicationStore } from '../applications/types.js';
import type { CorsOptions } from '../cors/types.js';
import type { KeyInventory } from '../inventory/types.js';
import type { KeyStore, PrivateKey, PublicKey } from '../keys/types.js';
import type { RevocationStore, Subscription, SubscriptionStore } from '../stores/types.js';
import type { Tier } from '../throttle/types.js';
import type { ApiDefinition } from '../validate/types.js';

/** Who calls the key service, as `authenticate` tells it. */
export interface ServiceUser {
  /**
   * The subscriber's name (1 to 256 characters): the owner of the applications it creates, the
   * only one who may see or change them, their subscriptions and keys, and the `sub` of its keys.
   */
  readonly subscriber: string;
}

/**
 * What the key service needs of an application store: the validator's `find`, writes, and an
 * owner's applications. `createMemoryApplicationStore` (keygate/gateway) and
 * `createRedisApplicationStore` (keygate/redis) are ones.
 */
export interface KeyServiceApplicationStore extends ApplicationStore {
  add(application: Application): void | Promise<void>;
  update(application: Application): void | Promise<void>;
  remove(uuid: string): boolean | Promise<boolean>;
  listByOwner(owner: string): readonly Application[] | Promise<readonly Application[]>;
}

/**
 * What the key service needs of a subscription store: the validator's `find`, writes, and an
 * application's subscriptions. `createMemorySubscriptionStore`, `createRedisSubscriptionStore` and
 * a replica's `subscriptions` (`createRedisReplica`) are ones.
 */
export interface KeyServiceSubscriptionStore extends SubscriptionStore {
  add(subscription: Subscription): void | Promise<void>;
  remove(applicationUuid: string, apiContext: string, apiVersion: string): boolean | Promise<boolean>;
  list(applicationUuid: string): readonly Subscription[] | Promise<readonly Subscription[]>;
}

/** The throttling policies subscribers choose from, by name (WSO2's policy levels). */
export interface ThrottlingPolicies {
  /** Default WSO2's `Gold`, `Silver`, `Bronze` and `Unlimited`. */
  readonly subscription?: Readonly<Record<string, Tier>> | undefined;
  /** Default WSO2's `50PerMin`, `20PerMin`, `10PerMin` and `Unlimited`. */
  readonly application?: Readonly<Record<string, Tier>> | undefined;
}

/** Options of `createKeyService`. */
export interface KeyServiceOptions {
  /** Signs the keys it issues: the private half of a key your gateways trust. */
  readonly signingKey: PrivateKey;
  /**
   * Who is calling, from the request (a session cookie, a bearer token...): a `ServiceUser`, or
   * `undefined` for a caller who is not signed in (401). Required: the service has no users of
   * its own. Throwing answers 500 (503 for `ERR_STORE_UNAVAILABLE`).
   */
  readonly authenticate: (request: Request) => ServiceUser | undefined | Promise<ServiceUser | undefined>;
  readonly applications: KeyServiceApplicationStore;
  readonly subscriptions: KeyServiceSubscriptionStore;
  /** Where revocations go: the gateways' revocation store. */
  readonly revocations: RevocationStore;
  /** Where issued keys are recorded, to list and revoke them. */
  readonly inventory: KeyInventory;
  /** The APIs subscribers see and subscribe to: the gateways' `apis`. */
  readonly apis: readonly ApiDefinition[];
  /** Where the endpoints are served (default WSO2's `/api/am/devportal/v3`). */
  readonly basePath?: string | undefined;
  /**
   * Trusted public keys (the validator's `keys`), to revoke a key the inventory does not know
   * (issued by the CLI or before the inventory) when its owner sends it. Without them only keys
   * in the inventory are revoked.
   */
  readonly keys?: readonly PublicKey[] | KeyStore | undefined;
  /** Default WSO2's tiers. */
  readonly throttlingPolicies?: ThrottlingPolicies | undefined;
  /**
   * CORS for portals on other origins (`createCors`'s settings). Without it no other origin may
   * read answers or make state-changing calls; with it, only the listed origins.
   */
  readonly cors?: CorsOptions | undefined;
  /** Claim `iss` of the keys issued (omitted by default). */
  readonly issuer?: string | undefined;
  /** Told of each failure answered 500 or 503 (a store outage, a bug), for logs; the caller gets no details. */
  readonly onError?: ((error: unknown, request: Request) => void) | undefined;
  /** Clock in milliseconds (default `Date.now`). */
  readonly now?: (() => number) | undefined;
}

/** The key service: a Fetch handler (Deno.serve, Bun.serve, a worker, Hono's `app.mount`, or node:http through a bridge). */
export type KeyService = (request: Request) => Promise<Response>;
