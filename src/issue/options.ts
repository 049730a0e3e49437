import type { KeyType, SubscribedApiClaim, TierInfoEntry } from '../claims/types.js';
import type { PrivateKey } from '../keys/types.js';

/** The application a key is issued to (WSO2's `application` claim). */
export interface IssueApplication {
  /** Required: subscriptions are looked up by it. */
  readonly uuid: string;
  /**
   * WSO2's integer application id (an integer, as WSO2's gateways parse it). WSO2's gateways look
   * lightweight keys' applications up by it: give it for keys meant for them.
   */
  readonly id?: number | undefined;
  readonly name?: string | undefined;
  readonly owner?: string | undefined;
  /** Application throttling tier, for example `Unlimited` or `10PerMin`. */
  readonly tier?: string | undefined;
}

/** Options of `issueKey`: who the key is for, how long it lives and where it may be used. */
export interface IssueKeyOptions {
  readonly signingKey: PrivateKey;
  readonly application: IssueApplication;
  /** The subscriber (WSO2's `sub`, a user name). */
  readonly subject?: string | undefined;
  /** Default `PRODUCTION`. */
  readonly keyType?: KeyType | undefined;
  /** Seconds the key is valid for; omitted = never expires (no `exp` claim). */
  readonly validityPeriod?: number | undefined;
  /** Default `true`: only `application.{id,uuid}` and the essentials. `false` embeds `subscriptions`. */
  readonly lightweight?: boolean | undefined;
  /**
   * Full keys only: the APIs the application is subscribed to (claim `subscribedAPIs`). Each
   * `context` is written with the version, as WSO2 does (`/pizzashack` and `1.0.0` give
   * `/pizzashack/1.0.0`; a `{version}` placeholder is replaced); validators accept both forms.
   */
  readonly subscriptions?: readonly SubscribedApiClaim[] | undefined;
  /**
   * Full keys only: spike arrest and `stopOnQuotaReach` of tiers (claim `tierInfo`). Every
   * subscription tier of the key gets an entry in WSO2's shape, `{ stopOnQuotaReach: true,
   * spikeArrestLimit: 0, spikeArrestUnit: null }` unless given here.
   */
  readonly tierInfo?: Readonly<Record<string, TierInfoEntry>> | undefined;
  /**
   * Claim `iss` (omitted when not given). WSO2 writes its key manager's token endpoint, the
   * OpenID Connect ID token issuer (`https://<host>:9443/oauth2/token` by default).
   */
  readonly issuer?: string | undefined;
  /**
   * IPs and CIDR ranges the key may be used from (claim `permittedIP`), checked with the strict
   * grammar of docs/restrictions.md before signing.
   */
  readonly permittedIPs?: readonly string[] | undefined;
  /** Referrer patterns the key may be used from (claim `permittedReferer`), checked before signing. */
  readonly permittedReferrers?: readonly string[] | undefined;
  /** Adds `x5t` / `x5t#S256` headers when the key has certificate thumbprints (default `true`). */
  readonly includeThumbprint?: boolean | undefined;
  /** Clock in milliseconds (default `Date.now`); for tests. */
  readonly now?: (() => number) | undefined;
}
