import { KeygateError } from '../errors.js';

// RFC 9110 tokens: method and header names (nothing that could break a header line).
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// A serialised origin: scheme://host[:port], no path, query, userinfo, backslash or space.
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#@\\]+$/i;
const LISTS = [
  ['allowOrigins', (v: string) => v === '*' || ORIGIN.test(v), 'origins such as "https://app.example.com" (no path), or "*"'],
  ['allowMethods', (v: string) => TOKEN.test(v), 'method names'],
  ['allowHeaders', (v: string) => TOKEN.test(v), 'header names'],
  ['exposeHeaders', (v: string) => TOKEN.test(v), 'header names'],
] as const;

/**
 * Checks CORS settings (`at` names them in the error): lists of origins (or `*`) and of HTTP
 * tokens, nothing that could break a header line; a boolean `allowCredentials`; a whole,
 * non-negative `maxAge`; and never credentials with the origin `*`.
 */
export function checkCors(cors: unknown, at: string): void {
  const invalid = (message: string): never => {
    throw new KeygateError('ERR_INVALID_OPTION', `${at}${message}`);
  };
  if (typeof cors !== 'object' || cors === null || Array.isArray(cors)) {
    invalid(' must be an object { allowOrigins, allowMethods, allowHeaders, exposeHeaders, allowCredentials, maxAge }');
  }
  const c = cors as Record<string, unknown>;
  for (const [field, valid, what] of LISTS) {
    const list = c[field];
    if (list !== undefined && !(Array.isArray(list) && list.every((v) => typeof v === 'string' && valid(v)))) invalid(`.${field} must be an array of ${what}`);
  }
  if (c.allowCredentials !== undefined && typeof c.allowCredentials !== 'boolean') invalid('.allowCredentials must be true or false');
  if (c.maxAge !== undefined && !(Number.isSafeInteger(c.maxAge) && (c.maxAge as number) >= 0)) invalid('.maxAge must be a whole number of seconds');
  if (c.allowCredentials === true && ((c.allowOrigins as string[] | undefined) ?? ['*']).includes('*')) {
    invalid('.allowCredentials needs allowOrigins to list the origins: never "*" with credentials, which would let any site call with its visitors\' credentials');
  }
}
