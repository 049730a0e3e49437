
/** WSO2's time units of request-count policies (a month counts 30 days). */
export type TimeUnit = 'sec' | 'min' | 'hour' | 'day' | 'month';

/**
 * A throttling policy (WSO2's "tier"): `requests` per period, given as `periodSeconds` or, as WSO2
 * defines it, `unitTime` (default 1) `timeUnit`s.
 */
export interface Tier {
  /** A positive integer, or `Infinity` for an unlimited tier (never counted). */
  readonly requests: number;
  /** The period in seconds (or give `timeUnit`). */
  readonly periodSeconds?: number | undefined;
  readonly timeUnit?: TimeUnit | undefined;
  /** How many `timeUnit`s the period lasts (default 1). */
  readonly unitTime?: number | undefined;
  /** `false`: calls over the quota pass and the result says so (WSO2's billing plans). Default `true`. */
  readonly stopOnQuotaReach?: boolean | undefined;
  /**
   * Spike arrest (WSO2's burst control) of a subscription policy: at most this many calls per
   * `spikeArrestUnit`, per subscription, whatever the quota says (429, 900807). 0 or absent: off.
   */
  readonly spikeArrestLimit?: number | undefined;
  readonly spikeArrestUnit?: 'sec' | 'min' | undefined;
}

/** A tier as keygate keeps it once checked: frozen, its period in seconds. */
export type ResolvedTier = Tier & { readonly periodSeconds: number };

/** The levels whose tier is looked up by name; the hard limit and spike arrest come from the API and the subscription's policy. */
export type PolicyLevel = Exclude<RateLimitLevel, 'hardLimit' | 'spikeArrest'>;

/**
 * Where tiers are defined (WSO2 keeps them in its data store): `find` answers a tier by name, or
 * `undefined` when it knows none of that name. `level` says which kind of policy is asked for
 * (WSO2 keeps subscription, application and advanced policies apart; one namespace may ignore it).
 * May answer at once (in memory) or with a promise; throwing (or rejecting) makes the call fail
 * closed with 503.
 */
export interface PolicyStore {
  find(name: string, level: PolicyLevel): Tier | undefined | Promise<Tier | undefined>;
}

/** A limit as a RateLimiter is asked about it: `requests` per `periodSeconds`. */
export interface Limit {
  readonly requests: number;
  readonly periodSeconds: number;
}

/** One counter a call is counted at (see `RateLimiter.consumeAll`). */
export interface RateCounter extends Limit {
  readonly key: string;
  /** Over its quota, the counter does not refuse the call (a tier with `stopOnQuotaReach: false`); it is then not counted. */
  readonly soft?: boolean | undefined;
}

/** A `RateLimiter`'s answer for one counter. */
export interface RateLimitDecision {
  /** The counter had room for the call. */
  readonly allowed: boolean;
  /** Calls left after this one. */
  readonly remaining: number;
  /** Seconds until the next call would be allowed (0 when allowed). */
  readonly retryAfter: number;
  /** Whole seconds until the counter's whole quota is back. */
  readonly resetAfter: number;
  /**
   * The limiter could not count the call and let it through (a Redis limiter with `failOpen`, during
   * an outage): nothing is known of the quota, so no RateLimit header reports this level.
   */
  readonly uncounted?: true | undefined;
}

/**
 * Counts calls per key. `consumeAll` is the one decision of a call counted at several levels: when a
 * counter that is not `soft` refuses, none is counted; else every counter with room is. The
 * in-memory limiter answers at once; a shared one (Redis) may answer with a promise.
 */
export interface RateLimiter {
  /** One counter (`consumeAll([{ key, ...limit }])`). */
  consume(key: string, limit: Limit): Promise<RateLimitDecision>;
  /** Every counter of one call, all or nothing; the decisions in the counters' order. */
  consumeAll(counters: readonly RateCounter[]): readonly RateLimitDecision[] | Promise<readonly RateLimitDecision[]>;
}

/**
 * WSO2's throttling levels, in the order they are checked: the API-level policy (all callers of an
 * API), the hard limit (the backend's calls per second), the resource's tier, the subscription's
 * tier, the application's tier (per end user) and the subscription policy's spike arrest.
 */
export type RateLimitLevel = 'api' | 'hardLimit' | 'resource' | 'subscription' | 'application' | 'spikeArrest';

/** Where a call stands at one throttling level. */
export interface RateLimitInfo {
  readonly level: RateLimitLevel;
  /** The policy's name (`maxTps` for the hard limit). */
  readonly tier: string;
  /** Requests allowed per `periodSeconds`. */
  readonly limit: number;
  readonly periodSeconds: number;
  /** Calls left (0 when over quota). */
  readonly remaining: number;
  /** Whole seconds until the level's whole quota is back (on a refusal: until the next call fits). */
  readonly resetAfter: number;
}
