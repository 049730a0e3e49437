import type { ApplicationStore } from '../applications/types.js';
import type { ApiDefinition } from '../apis/types.js';
import type { Algorithm, KeyStore, PublicKey } from '../keys/types.js';
import type { RevocationStore, SubscriptionStore } from '../stores/types.js';
import type { Audit, BackendJwt, ClientIpResolver, Cors, LastUsed, ResourceMatcher, Restrictions, Throttle, ValidationCache } from './plugins.js';

/** Options of `createValidator`: trusted keys, stores, APIs and gateway features. */
export interface ValidatorOptions {
  /** Trusted public keys (matched by alias = `kid`), or a store that resolves a `kid`. */
  readonly keys: readonly PublicKey[] | KeyStore;
  readonly subscriptions: SubscriptionStore;
  /** Defaults to an in-memory store. */
  readonly revocations?: RevocationStore | undefined;
  /**
   * Resolves keys' applications (name, owner, tier, status, attributes) by uuid, asked in the same
   * round trip as the other stores. With it, an unknown application (403, `unknown_application`) or
   * one not `APPROVED` (403, `application_blocked`) is refused, and its record wins over a key's
   * claims. Without it, a lightweight key's application is its uuid and id only.
   */
  readonly applications?: ApplicationStore | undefined;
  /** The APIs this validator protects. */
  readonly apis: readonly ApiDefinition[];
  /**
   * CORS (`createCors({ allowOrigins, ... })`; an API's own `cors` replaces its settings): the
   * adapters answer preflights before authentication and let allowed origins read every answer.
   * Default: off.
   */
  readonly cors?: Cors | undefined;
  /** Header that carries the key (default `apikey`; matched case-insensitively). */
  readonly header?: string | undefined;
  /** Query parameter that carries the key (default `apikey`); `false` turns the query form off. */
  readonly queryParam?: string | false | undefined;
  /**
   * Also read the key from `Authorization: <scheme> <key>`, e.g. `'Bearer'` (scheme matched
   * case-insensitively); default `false`. Checked after `header`, before `queryParam`. An
   * `Authorization` header with another scheme (say `Basic`, for the upstream) is left alone.
   */
  readonly authScheme?: string | false | undefined;
  /**
   * Seconds of clock skew tolerated for `exp`/`nbf`/`iat` (default 0, at most 300 =
   * `MAX_CLOCK_TOLERANCE`, how long stores keep a revocation past the key's `exp`).
   */
  readonly clockTolerance?: number | undefined;
  /** Longest key accepted, in characters, checked before any decoding (default 16384). */
  readonly maxKeyLength?: number | undefined;
  /** Algorithms accepted at all (default: every asymmetric algorithm keygate supports). */
  readonly algorithms?: readonly Algorithm[] | undefined;
  /**
   * Refuse (404, reason `ambiguous_path`) a request whose path URL parsing would rewrite: `.` and
   * `..` segments (also as `%2e`), backslashes, a leading `//`, characters it escapes, and an
   * absolute-form target whose authority is not `host[:port]` or `[IPv6][:port]`. Default
   * `true`, so the validator judges exactly the path a router serves when given a raw target such
   * as Node's `req.url` (a Fetch `Request`'s URL is already in normal form). `false` judges the
   * parsed path instead: only for servers that route on the parsed path too.
   */
  readonly strictPaths?: boolean | undefined;
  /** Clock, in milliseconds since the epoch (default `Date.now`); for tests. */
  readonly now?: (() => number) | undefined;
  /*
   * Gateway features, off by default: build them with the factories of keygate/gateway and
   * keygate/restrict (or implement the interfaces of ./plugins.ts yourself).
   */
  /**
   * Caches signature checks (`createValidationCache()`). Expiry, revocation, restrictions and
   * subscription are still checked on every call. Default: no cache.
   */
  readonly cache?: ValidationCache | undefined;
  /**
   * Enforces the IP and referrer restrictions keys carry (`createRestrictions()` from
   * keygate/restrict). Default: a key that carries a restriction is refused (403), since the
   * validator cannot check it; keys without restrictions are not affected.
   */
  readonly restrictions?: Restrictions | undefined;
  /** Counts calls against throttling tiers (`createThrottle()`). Default: no throttling. */
  readonly throttle?: Throttle | undefined;
  /**
   * Matches requests against the APIs' `resources` (`createResourceMatcher()`); required when an
   * API has `resources`.
   */
  readonly resources?: ResourceMatcher | undefined;
  /** Signs a JWT for the upstream on every accepted call, WSO2's backend JWT (`createBackendJwt()`). */
  readonly backendJwt?: BackendJwt | undefined;
  /**
   * Finds the client address for IP restrictions. Default: `context.clientIp` as given (forwarding
   * headers are ignored, so a client cannot forge its address); behind proxies use
   * `createClientIpResolver({ trustedProxies })`.
   */
  readonly clientIp?: ClientIpResolver | undefined;
  /** Reports every validation to a hook (`createAuditTrail(hook)`); it never changes the result. */
  readonly audit?: Audit | undefined;
  /**
   * Records when each key was last used (`createLastUsedTracker({ store })`): accepted calls are
   * noted in memory and written in batches, off the call's path. Default: not recorded.
   */
  readonly lastUsed?: LastUsed | undefined;
}
