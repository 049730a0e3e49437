import type { ApiKeyClaims, KeyType } from './types.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isOptionalFinite = (v: unknown): boolean => v === undefined || (typeof v === 'number' && Number.isFinite(v));
const isOptionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';

export const MAX_JTI_LENGTH = 256;

/** Longest API key accepted, in characters, by `decodeKey` and (by default) `validate`. */
export const DEFAULT_MAX_KEY_LENGTH = 16_384;

/**
 * WSO2's test for "this token is an API key" (`GatewayUtils.isAPIKey`): `token_type` is `apiKey`,
 * or (older keys without it) an `application` claim is present and no `consumerKey`: WSO2's OAuth
 * access tokens carry both, and are not API keys.
 */
export function looksLikeApiKey(payload: Readonly<Record<string, unknown>>): boolean {
  if (payload.token_type !== undefined) return payload.token_type === 'apiKey';
  return isRecord(payload.application) && payload.consumerKey === undefined;
}

/**
 * Checks the shape of a verified payload and returns it typed, or the name of the first claim that
 * is wrong (`application.id`, `keytype`, `subscribedAPIs`...). Run after the signature check: shapes
 * of forged tokens are irrelevant. A missing `keytype` is PRODUCTION, as in WSO2 (the payload is the
 * validator's own parsed copy).
 */
export function checkApiKeyClaims(payload: Record<string, unknown>): ApiKeyClaims | string {
  const app = payload.application;
  if (!isRecord(app) || typeof app.uuid !== 'string' || app.uuid.length === 0) return 'application';
  if (app.id !== undefined && (typeof app.id !== 'number' || !Number.isFinite(app.id))) return 'application.id';
  for (const f of ['name', 'owner', 'tier'] as const) {
    if (!isOptionalString(app[f])) return `application.${f}`;
  }
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > MAX_JTI_LENGTH) return 'jti';
  const keytype: unknown = (payload.keytype ??= 'PRODUCTION');
  if (keytype !== 'PRODUCTION' && keytype !== 'SANDBOX') return 'keytype';
  for (const f of ['exp', 'nbf', 'iat'] as const) {
    if (!isOptionalFinite(payload[f])) return f;
  }
  for (const f of ['sub', 'iss', 'permittedIP', 'permittedReferer'] as const) {
    if (!isOptionalString(payload[f])) return f;
  }
  const apis = payload.subscribedAPIs;
  if (apis !== undefined) {
    if (!Array.isArray(apis)) return 'subscribedAPIs';
    for (const api of apis as unknown[]) {
      if (!isRecord(api) || typeof api.context !== 'string' || typeof api.version !== 'string') return 'subscribedAPIs';
    }
  }
  if (payload.tierInfo !== undefined && !isRecord(payload.tierInfo)) return 'tierInfo';
  return payload as ApiKeyClaims & { keytype: KeyType };
}
