import { apiBasePath } from '../apis/compile.js';
import type { ApplicationInfo } from '../applications/types.js';
import type { BackendJwtContext } from './types.js';

/** WSO2's claim dialect. */
export const WSO2_DIALECT = 'http://wso2.org/claims/';

/** API-key claims never copied into the backend JWT (WSO2's list). */
export const DEFAULT_EXCLUDED_CLAIMS: readonly string[] = Object.freeze([
  'iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'application', 'tierInfo', 'subscribedAPIs',
]);

export interface StandardClaimOptions {
  readonly issuer: string;
  readonly enduserTenantId: string;
  readonly excluded: ReadonlySet<string>;
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
}

/**
 * WSO2's backend JWT claim set: the key's own claims (minus the excluded ones) first, then the
 * standard ones over them, so a key cannot forge `apiname` or `subscriber`. The application's
 * values (subscriber, name, tier, attributes) come from the application store's record when the
 * validator has one, as WSO2 resolves lightweight keys. Absent values are left out rather than sent empty.
 */
export function buildBackendClaims(ctx: BackendJwtContext, options: StandardClaimOptions): Record<string, unknown> {
  const { claims, api, subscription, keyType } = ctx;
  // The application store's record when the validator has one: a lightweight key names only the uuid.
  const app: ApplicationInfo = ctx.application ?? claims.application;
  // Prototype-free: a claim named `__proto__` stays a plain claim.
  const out = Object.create(null) as Record<string, unknown>;
  for (const name of Object.keys(claims)) {
    if (!options.excluded.has(name)) out[name] = claims[name];
  }
  const standard: Record<string, unknown> = {
    subscriber: app.owner ?? claims.sub,
    applicationid: app.id === undefined ? undefined : String(app.id),
    applicationname: app.name,
    applicationtier: app.tier,
    applicationAttributes: app.attributes,
    apiname: api.name,
    apicontext: apiBasePath(api),
    version: api.version,
    tier: subscription.tier,
    keytype: keyType,
    usertype: 'Application_User',
    enduser: claims.sub,
    enduserTenantId: options.enduserTenantId,
    applicationUUId: app.uuid,
  };
  for (const [name, value] of Object.entries(standard)) {
    if (value !== undefined) out[WSO2_DIALECT + name] = value;
  }
  out.iss = options.issuer;
  out.iat = options.iat;
  out.exp = options.exp;
  out.jti = options.jti;
  return out;
}
