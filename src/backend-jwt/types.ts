import type { PrivateKey } from '../keys/types.js';
import type { AcceptedCall } from '../validate/plugins.js';

/** What a backend JWT is made from: a call that passed validation. */
export type BackendJwtContext = AcceptedCall;

/**
 * Receives the claim set keygate built and returns the claims to sign: add, rename or delete
 * claims here. Runs once per cached JWT, not once per call.
 */
export type BackendClaimsHook = (
  claims: Record<string, unknown>,
  context: BackendJwtContext,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** Options of `createBackendJwt`: sign a JWT telling the upstream who is calling. */
export interface BackendJwtOptions {
  /** Signs the JWT; its alias becomes `kid`, its algorithm `alg`. Publish its JWKS to the backend. */
  readonly signingKey: PrivateKey;
  /** Request header that carries the JWT upstream (default `X-JWT-Assertion`). */
  readonly header?: string | undefined;
  /** Seconds the JWT is valid (default 900, WSO2's 15 minutes); never past the API key's `exp`. */
  readonly ttl?: number | undefined;
  /** `iss` claim (default `wso2.org/products/am`). */
  readonly issuer?: string | undefined;
  /** `http://wso2.org/claims/enduserTenantId` (default `-1234`, WSO2's super tenant). */
  readonly enduserTenantId?: string | undefined;
  /** More API-key claims to leave out, besides iss, sub, aud, exp, nbf, iat, jti, application, tierInfo, subscribedAPIs. */
  readonly excludedClaims?: readonly string[] | undefined;
  /** Add or rename claims. */
  readonly claims?: BackendClaimsHook | undefined;
  /** Most JWTs cached (default 10,000). */
  readonly cacheSize?: number | undefined;
}
