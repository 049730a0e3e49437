import { MAX_JTI_LENGTH } from '../claims/check.js';
import { parseJsonObject } from '../encoding/json.js';
import { KeygateError } from '../errors.js';
import type { IssuedKey } from './types.js';

const OPTIONAL_FIELDS = ['subject', 'expiresAt', 'permittedIP', 'permittedReferer'] as const;

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** The problem with one inventory entry, or undefined: shared by the stores' writes and the Redis store's reads. */
export function issuedKeyProblem(key: unknown): string | undefined {
  if (typeof key !== 'object' || key === null || Array.isArray(key)) return 'must be an object { jti, applicationUuid, keyType, keyName, issuedAt, ... }';
  const k = key as Record<string, unknown>;
  if (typeof k.jti !== 'string' || k.jti.length === 0 || k.jti.length > MAX_JTI_LENGTH) return `jti must be a string of 1 to ${MAX_JTI_LENGTH} characters`;
  if (typeof k.applicationUuid !== 'string' || k.applicationUuid.length === 0) return 'applicationUuid must be a non-empty string';
  if (k.keyType !== 'PRODUCTION' && k.keyType !== 'SANDBOX') return 'keyType must be PRODUCTION or SANDBOX';
  if (typeof k.keyName !== 'string') return 'keyName must be a string';
  if (!isTime(k.issuedAt)) return 'issuedAt must be a time in seconds';
  if (k.expiresAt !== undefined && !isTime(k.expiresAt)) return 'expiresAt must be a time in seconds';
  for (const field of ['subject', 'permittedIP', 'permittedReferer'] as const) {
    if (k[field] !== undefined && typeof k[field] !== 'string') return `${field} must be a string`;
  }
  return undefined;
}

/** Validates an entry handed to an inventory and returns a frozen copy of its known fields. */
export function checkIssuedKey(key: IssuedKey): IssuedKey {
  const problem = issuedKeyProblem(key);
  if (problem !== undefined) throw new KeygateError('ERR_INVALID_OPTION', `issued key: ${problem}`);
  const { jti, applicationUuid, keyType, keyName, issuedAt } = key;
  const copy: Record<string, unknown> = { jti, applicationUuid, keyType, keyName, issuedAt };
  for (const field of OPTIONAL_FIELDS) if (key[field] !== undefined) copy[field] = key[field];
  return Object.freeze(copy) as unknown as IssuedKey;
}

/** Reads an entry a shared store held; throws ERR_STORE_UNAVAILABLE (fail closed) when it is not keygate's or not that key's. */
export function decodeIssuedKey(jti: string, value: string): IssuedKey {
  const entry = parseJsonObject(value, 2);
  if (entry === undefined || issuedKeyProblem(entry) !== undefined || entry.jti !== jti) {
    throw new KeygateError('ERR_STORE_UNAVAILABLE', "an issued-key entry is not in keygate's format");
  }
  return checkIssuedKey(entry as unknown as IssuedKey);
}

/** Whether the key has expired at `nowMs` (a key without `expiresAt` never does). */
export const hasExpired = (key: IssuedKey, nowMs: number): boolean => key.expiresAt !== undefined && key.expiresAt * 1000 <= nowMs;

/** Oldest first, then by jti: one order for every store. */
export const byIssue = (a: IssuedKey, b: IssuedKey): number => a.issuedAt - b.issuedAt || (a.jti < b.jti ? -1 : a.jti > b.jti ? 1 : 0);
