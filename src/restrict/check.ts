import { canonicalClientIp } from './ip-text.js';
import type { ApiKeyClaims } from '../claims/types.js';
import { FORBIDDEN_CALL as FORBIDDEN, failure } from '../validate/failures.js';
import type { Restrictions } from '../validate/plugins.js';
import { headerValue } from '../validate/request.js';
import type { RequestLike, ValidationFailure } from '../validate/types.js';
import { ipAllowListForClaim } from './allow-list.js';
import { referrerPatternsForClaim } from './referrer.js';

/** The compiled claim, or `undefined` when it cannot be read (a key signed with a bad entry). */
function compiled<T>(compile: (claim: string) => T, claim: string): T | undefined {
  try {
    return compile(claim);
  } catch {
    return undefined;
  }
}

/**
 * Enforces every restriction the key carries, IP first as in WSO2, and then the referrer too
 * (WSO2 skips it when the IP matched). Anything unknown or unreadable refuses the call.
 */
export function checkRestrictions(
  claims: ApiKeyClaims,
  clientIp: string | undefined,
  headers: RequestLike['headers'],
): ValidationFailure | undefined {
  const permittedIp = claims.permittedIP;
  if (permittedIp !== undefined) {
    const allowList = compiled(ipAllowListForClaim, permittedIp);
    if (allowList === undefined) {
      return failure('ip_restricted', `${FORBIDDEN}: the key's IP restriction (permittedIP) cannot be read`);
    }
    if (clientIp === undefined) {
      return failure('ip_restricted', `${FORBIDDEN}: the key is restricted to certain IP addresses and the client address is unknown`);
    }
    if (!allowList.matches(clientIp)) {
      return failure('ip_restricted', `${FORBIDDEN}: the key's IP restriction does not allow calls from ${clientIp}`);
    }
  }
  const permittedReferer = claims.permittedReferer;
  if (permittedReferer !== undefined) {
    const patterns = compiled(referrerPatternsForClaim, permittedReferer);
    if (patterns === undefined) {
      return failure('referrer_restricted', `${FORBIDDEN}: the key's referrer restriction (permittedReferer) cannot be read`);
    }
    const referrer = headerValue(headers, 'referer');
    if (referrer === undefined || referrer === '') {
      return failure('referrer_restricted', `${FORBIDDEN}: the key is restricted to certain referrers and the call has no Referer header`);
    }
    if (!patterns.matches(referrer)) {
      return failure('referrer_restricted', `${FORBIDDEN}: the Referer header does not match the key's referrer restriction`);
    }
  }
  return undefined;
}

/**
 * Validator option `restrictions`: enforces the IP and referrer restrictions keys carry. Without
 * it the validator refuses every key that carries one (see docs/restrictions.md).
 */
export function createRestrictions(): Restrictions {
  return { createCheck: () => checkRestrictions, clientAddress: canonicalClientIp };
}
