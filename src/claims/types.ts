/** PRODUCTION or SANDBOX, as WSO2 API Manager marks keys. */
export type KeyType = 'PRODUCTION' | 'SANDBOX';

/** The `application` claim. Lightweight keys carry `id` and `uuid` only. */
export interface ApplicationClaim {
  readonly uuid: string;
  readonly id?: number | undefined;
  readonly name?: string | undefined;
  readonly owner?: string | undefined;
  readonly tier?: string | undefined;
}

/** One entry of a full key's `subscribedAPIs` claim. */
export interface SubscribedApiClaim {
  readonly name: string;
  readonly context: string;
  readonly version: string;
  readonly publisher?: string | undefined;
  readonly subscriptionTier?: string | undefined;
  readonly subscriberTenantDomain?: string | undefined;
}

/** One entry of the `tierInfo` claim, keyed by tier name. */
export interface TierInfoEntry {
  readonly stopOnQuotaReach?: boolean | undefined;
  readonly spikeArrestLimit?: number | undefined;
  readonly spikeArrestUnit?: string | null | undefined;
}

/** The claims of an API key, as keygate and WSO2 API Manager write them. */
export interface ApiKeyClaims {
  readonly sub?: string | undefined;
  readonly jti: string;
  readonly iss?: string | undefined;
  readonly iat?: number | undefined;
  readonly exp?: number | undefined;
  readonly nbf?: number | undefined;
  readonly application: ApplicationClaim;
  readonly keytype: KeyType;
  readonly token_type?: 'apiKey' | undefined;
  readonly tierInfo?: Readonly<Record<string, TierInfoEntry>> | undefined;
  readonly subscribedAPIs?: readonly SubscribedApiClaim[] | undefined;
  /** Comma-separated IPs and CIDR ranges. */
  readonly permittedIP?: string | undefined;
  /** Comma-separated referrer patterns. */
  readonly permittedReferer?: string | undefined;
  /** Any other claim the issuer added. */
  readonly [claim: string]: unknown;
}

/** The protected header of an API key. */
export interface ApiKeyHeader {
  readonly alg: string;
  readonly kid?: string | undefined;
  readonly typ?: string | undefined;
  readonly x5t?: string | undefined;
  readonly 'x5t#S256'?: string;
  readonly [parameter: string]: unknown;
}
