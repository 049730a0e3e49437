import type { ApiKeyClaims } from '../claims/types.js';
import { failure } from './failures.js';
import type { ValidationFailure } from './types.js';

/**
 * Placeholder until the restrict/ matchers are wired in: a key that carries a restriction is
 * refused (fail closed), never accepted unchecked.
 */
export function checkRestrictions(claims: ApiKeyClaims): ValidationFailure | undefined {
  if (claims.permittedIP !== undefined) {
    return failure('ip_restricted', 'Access forbidden for the invocations: IP restrictions are not supported yet');
  }
  if (claims.permittedReferer !== undefined) {
    return failure('referrer_restricted', 'Access forbidden for the invocations: referrer restrictions are not supported yet');
  }
  return undefined;
}
