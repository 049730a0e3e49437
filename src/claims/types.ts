/** PRODUCTION or SANDBOX, as WSO2 API Manager marks keys. */
export type KeyType = 'PRODUCTION' | 'SANDBOX';

/** The `application` claim. Lightweight keys carry `id` and `uuid` only. */
export interface ApplicationClaim {
  readonly uuid: string;
  readonly id?: number;
  readonly name?: string;
  readonly owner?: string;
  readonly tier?: string;
}

/** One entry of a full key's `subscribedAPIs` claim. */
export interface SubscribedApiClaim {
  readonly name: string;
  readonly context: string;
  readonly version: string;
  readonly publisher?: string;
  readonly subscriptionTier?: string;
  readonly subscriberTenantDomain?: string;
}

/** One entry of the `tierInfo` claim, keyed by tier name. */
export interface TierInfoEntry {
  readonly stopOnQuotaReach?: boolean;
  readonly spikeArrestLimit?: number;
  readonly spikeArrestUnit?: string | null;
}

/** The claims of an API key, as keygate and WSO2 API Manager write them. */
export interface ApiKeyClaims {
  readonly sub?: string;
  readonly jti: string;
  readonly iss?: string;
  readonly iat?: number;
  readonly exp?: number;
  readonly nbf?: number;
  readonly application: ApplicationClaim;
  readonly keytype: KeyType;
  readonly token_type?: 'apiKey';
  readonly tierInfo?: Readonly<Record<string, TierInfoEntry>>;
  readonly subscribedAPIs?: readonly SubscribedApiClaim[];
  /** Comma-separated IPs and CIDR ranges. */
  readonly permittedIP?: string;
  /** Comma-separated referrer patterns. */
  readonly permittedReferer?: string;
  /** Any other claim the issuer added. */
  readonly [claim: string]: unknown;
}

/** The protected header of an API key. */
export interface ApiKeyHeader {
  readonly alg: string;
  readonly kid?: string;
  readonly typ?: string;
  readonly x5t?: string;
  readonly 'x5t#S256'?: string;
  readonly [parameter: string]: unknown;
}
