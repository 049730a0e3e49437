import { KeygateError } from '../errors.js';

/*
 * Where a key may travel: a header of its own (`apikey`), the `Authorization` header under an auth
 * scheme (`Bearer <key>`), or a query parameter. The settings are checked once here; reading them
 * is in request.ts.
 */

// RFC 9110 tokens: header names and auth schemes.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const invalid = (message: string): never => {
  throw new KeygateError('ERR_INVALID_OPTION', message);
};

/** A key header name; `authorization` needs a scheme, so it is pointed at `authScheme`. */
export function checkKeyHeader(value: unknown, field: string): string {
  if (typeof value !== 'string' || !TOKEN.test(value)) return invalid(`${field} must be a header name`);
  if (value.toLowerCase() === 'authorization') {
    invalid(`${field}: "Authorization" carries an auth scheme before the key; pass authScheme: 'Bearer' (or your scheme) instead`);
  }
  return value;
}

/** An auth scheme (`Bearer`), or `false` for none. */
export function checkAuthScheme(value: unknown, field: string): string | false {
  if (value === false) return false;
  return typeof value === 'string' && TOKEN.test(value) ? value : invalid(`${field} must be an auth scheme such as 'Bearer', or false`);
}

/** The credential of `Authorization: <scheme> <credential>` when the scheme is `scheme` (case-insensitive), trimmed. */
export function credentialOf(authorization: string | undefined, scheme: string): string | undefined {
  if (authorization === undefined) return undefined;
  const value = authorization.trim();
  const n = scheme.length;
  if (value.length <= n || value.charCodeAt(n) !== 0x20 || value.slice(0, n).toLowerCase() !== scheme.toLowerCase()) return undefined;
  const credential = value.slice(n + 1).trim();
  return credential.length === 0 ? undefined : credential;
}
