import { FORBIDDEN_CALL, failure } from './failures.js';
import type { RestrictionCheck } from './plugins.js';

/**
 * The restriction check of a validator without the `restrictions` plugin (keygate/restrict): it
 * cannot tell whether a restricted key may make this call, so it refuses the key (fail closed),
 * IP first as the plugin does. Keys without restrictions pass. The claim values are not echoed.
 */
export const refuseRestricted: RestrictionCheck = (claims) => {
  if (claims.permittedIP !== undefined) {
    return failure('ip_restricted', `${FORBIDDEN_CALL}: the key is restricted to certain IP addresses and this gateway does not check IP restrictions`);
  }
  if (claims.permittedReferer !== undefined) {
    return failure('referrer_restricted', `${FORBIDDEN_CALL}: the key is restricted to certain referrers and this gateway does not check referrer restrictions`);
  }
  return undefined;
};
