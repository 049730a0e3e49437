import type { KeyType } from '../claims/types.js';
import { decodeKey } from '../issue/decode-key.js';
import { checkIssuedKey } from './check.js';
import type { IssuedKey } from './types.js';

/**
 * The inventory entry of a key just issued, read from its claims (`jti`, `application.uuid`,
 * `keytype`, `sub`, `iat`, `exp`, restrictions): what a key service records, never the key.
 * Throws ERR_MALFORMED_KEY for a key that cannot be decoded, ERR_INVALID_OPTION for one whose
 * claims make no entry (no jti, no iat...).
 */
export function issuedKeyOf(apiKey: string, keyName: string): IssuedKey {
  const claims = decodeKey(apiKey).payload;
  const entry: Record<string, unknown> = {
    jti: claims.jti,
    applicationUuid: (claims.application as { uuid?: unknown } | undefined)?.uuid,
    keyType: (claims.keytype ?? 'PRODUCTION') as KeyType,
    keyName,
    issuedAt: claims.iat,
  };
  const optional = { subject: claims.sub, expiresAt: claims.exp, permittedIP: claims.permittedIP, permittedReferer: claims.permittedReferer };
  for (const [field, value] of Object.entries(optional)) if (value !== undefined) entry[field] = value;
  return checkIssuedKey(entry as unknown as IssuedKey);
}
