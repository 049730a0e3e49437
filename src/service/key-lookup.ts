import { DEFAULT_MAX_KEY_LENGTH } from '../claims/check.js';
import { DEFAULT_MAX_JSON_DEPTH } from '../encoding/json.js';
import { isKeygateError } from '../errors.js';
import type { KeyInventory } from '../inventory/types.js';
import { revokeKey } from '../stores/revoke.js';
import type { RevocationStore } from '../stores/types.js';
import { decodeKey } from '../issue/decode-key.js';
import { SUPPORTED_ALGORITHMS } from '../jws/algorithms.js';
import type { KeyStore } from '../keys/types.js';
import { verifyToken } from '../validate/verify-token.js';
import { invalidField } from './fields.js';

/** What a revocation needs of a key: its jti, and its exp so the store can forget it later. */
export interface RevocationTarget {
  readonly jti: string;
  readonly expiresAt?: number | undefined;
}

/** The application and key type a revocation was asked for (the path's). */
export interface KeyOwner {
  readonly application: string;
  readonly keyType: string;
}

/** The key's claims, unverified; a key that cannot be decoded is a 400 naming `apikey`. */
function claimsOf(apikey: string): Readonly<Record<string, unknown>> {
  try {
    return decodeKey(apikey).payload;
  } catch (error) {
    if (!isKeygateError(error)) throw error;
    return invalidField('apikey', error.message);
  }
}

const applicationOf = (claims: Readonly<Record<string, unknown>>): unknown => (claims.application as { uuid?: unknown } | undefined)?.uuid;

/**
 * The inventory's key named by a key or a jti, when it was issued to `owner`'s application and key
 * type (a key given must also name that application). Anything else: undefined.
 */
export async function ownedKey(inventory: KeyInventory, keyOrJti: string, isKey: boolean, owner: KeyOwner): Promise<RevocationTarget | undefined> {
  const claims = isKey ? claimsOf(keyOrJti) : undefined;
  const jti = claims === undefined ? keyOrJti : claims.jti;
  if (typeof jti !== 'string' || jti.length === 0) return undefined;
  if (claims !== undefined && applicationOf(claims) !== owner.application) return undefined;
  const entry = await inventory.find(jti);
  if (entry === undefined || entry.applicationUuid !== owner.application || entry.keyType !== owner.keyType) return undefined;
  return entry.expiresAt === undefined ? { jti } : { jti, expiresAt: entry.expiresAt };
}

const ALGORITHMS = new Set(SUPPORTED_ALGORITHMS);

/**
 * A key the inventory does not know, taken only with a valid signature by a trusted key and
 * claims naming `owner`'s application and key type (WSO2 checks the same before revoking).
 */
export async function verifiedClaims(apikey: string, keys: KeyStore, owner: KeyOwner): Promise<RevocationTarget | undefined> {
  const verified = await verifyToken(apikey.trim(), { keys, algorithms: ALGORITHMS, maxKeyLength: DEFAULT_MAX_KEY_LENGTH, maxJsonDepth: DEFAULT_MAX_JSON_DEPTH });
  if (!('claims' in verified)) return undefined;
  const { claims } = verified;
  if (claims.application.uuid !== owner.application || (claims.keytype ?? 'PRODUCTION') !== owner.keyType) return undefined;
  return claims.exp === undefined ? { jti: claims.jti } : { jti: claims.jti, expiresAt: claims.exp };
}

/**
 * Revokes a key at every gateway (the revocation kept until its exp) and then forgets it in the
 * inventory: in that order, so a failure leaves it listed, to be revoked again.
 */
export async function revokeIssued(stores: { readonly revocations: RevocationStore; readonly inventory: KeyInventory }, target: RevocationTarget): Promise<void> {
  await revokeKey(stores.revocations, { jti: target.jti }, { expiresAt: target.expiresAt });
  await stores.inventory.remove(target.jti);
}
