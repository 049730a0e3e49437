/**
 * WSO2 API Manager's subscription states. `UNBLOCKED` and `TIER_UPDATE_PENDING` (a tier change
 * awaiting approval: the old tier applies meanwhile) pass; `PROD_ONLY_BLOCKED` blocks production
 * keys only; the others block every key.
 */
export type SubscriptionStatus =
  | 'UNBLOCKED'
  | 'BLOCKED'
  | 'PROD_ONLY_BLOCKED'
  | 'ON_HOLD'
  | 'REJECTED'
  | 'TIER_UPDATE_PENDING';

/** An application's subscription to one API version. */
export interface Subscription {
  readonly applicationUuid: string;
  /** The API's `context`, exactly as configured in the validator's `apis`. */
  readonly apiContext: string;
  readonly apiVersion: string;
  /** Subscription throttling tier (Bronze, Silver, Gold, Unlimited, or your own). */
  readonly tier?: string | undefined;
  /** Defaults to `UNBLOCKED`. */
  readonly status?: SubscriptionStatus | undefined;
}

/**
 * Answers whether an application is subscribed to an API. May answer at once (in memory) or with
 * a promise (a database, Redis or a remote service); an answer given at once spares the
 * validator a promise hop. Throwing (or rejecting) makes `validate` answer 503, never a pass.
 */
export interface SubscriptionStore {
  find(applicationUuid: string, apiContext: string, apiVersion: string): Subscription | undefined | Promise<Subscription | undefined>;
}

/** Called with each `jti` as it is revoked, so caches can evict it at once. */
export type RevocationListener = (jti: string) => void;

/**
 * Remembers revoked keys by `jti`. `expiresAt` (seconds since the epoch) is the key's `exp`: a
 * store must keep the entry until at least `expiresAt + MAX_CLOCK_TOLERANCE` (300 s), when every
 * validator refuses the key as expired; keygate's stores do. With no `expiresAt` the entry is
 * kept for good.
 */
export interface RevocationStore {
  isRevoked(jti: string): boolean | Promise<boolean>;
  revoke(jti: string, expiresAt?: number): void | Promise<void>;
  /** Optional: subscribe to revocations (returns an unsubscribe function). */
  onRevoke?(listener: RevocationListener): () => void;
}
