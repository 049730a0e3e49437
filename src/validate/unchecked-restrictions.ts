import { FORBIDDEN_CALL, failure } from './failures.js';
import type { RestrictionCheck } from './plugins.js';

/**
 * The restriction check of a validator without the `restrictions` plugin (keygate/restrict): it
 * cannot tell whether a restricted key may make this call, so it refuses the key (fail closed),
 * IP first as the plugin does. Keys without restrictions pass. Neither the claim values nor the
 * gateway's configuration are told to the client.
 */
export const refuseRestricted: RestrictionCheck = (claims) => {
  if (claims.permittedIP !== undefined) {
    return failure('ip_restricted', `${FORBIDDEN_CALL}: the key's IP restriction does not allow this call`);
  }
  if (claims.permittedReferer !== undefined) {
    return failure('referrer_restricted', `${FORBIDDEN_CALL}: the key's referrer restriction does not allow this call`);
  }
  return undefined;
};
