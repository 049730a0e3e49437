import { KeygateError } from '../errors.js';
import { quoteInput } from './ip-errors.js';
import { normalizePath } from './url-path.js';
import { readHost, readScheme, splitAuthority, type UrlHost, type WebScheme } from './url-host.js';

export const MAX_PATTERN_LENGTH = 2048;

/** A referrer pattern, ready to compare (see docs/restrictions.md for the grammar). */
export interface CompiledReferrerPattern {
  /** `undefined`: http and https both. */
  readonly scheme: WebScheme | undefined;
  /** For `*.example.com`, the name after the `*` (`example.com`). */
  readonly host: UrlHost;
  readonly anySubdomain: boolean;
  /** `undefined`: the scheme's default port only. */
  readonly port: number | undefined;
  /** `undefined`: any path (a pattern without a path). */
  readonly path: string | undefined;
  /** The path ended in `*`: `path` is a prefix. */
  readonly pathPrefix: boolean;
}

function refuse(pattern: string, reason: string): KeygateError {
  return new KeygateError('ERR_INVALID_REFERRER_PATTERN', `referrer pattern ${quoteInput(pattern)} ${reason}`);
}

function readPatternHost(pattern: string, start: number, end: number): { host: UrlHost; anySubdomain: boolean } {
  const anySubdomain = pattern.startsWith('*.', start);
  const hostStart = anySubdomain ? start + 2 : start;
  const star = pattern.indexOf('*', hostStart);
  if (star >= 0 && star < end) {
    throw refuse(pattern, 'has a "*" in the host other than a whole first label ("*.example.com")');
  }
  const host = readHost(pattern, hostStart, end);
  if (typeof host === 'string') throw refuse(pattern, host);
  if (anySubdomain && (host.kind !== 'domain' || host.labels < 2)) {
    throw refuse(pattern, 'must name a domain of at least two labels after "*." (such as *.example.com)');
  }
  return { host, anySubdomain };
}

function readPatternPath(pattern: string, start: number): { path: string | undefined; pathPrefix: boolean } {
  if (start === pattern.length) return { path: undefined, pathPrefix: false };
  const pathPrefix = pattern.endsWith('*');
  const end = pathPrefix ? pattern.length - 1 : pattern.length;
  const star = pattern.indexOf('*', start);
  if (star >= 0 && star < end) throw refuse(pattern, 'has a "*" in the path other than as its last character');
  const normalized = normalizePath(pattern, start, end, pathPrefix);
  if (typeof normalized === 'string') throw refuse(pattern, normalized);
  return { path: normalized.path, pathPrefix };
}

/**
 * Compiles one pattern: `[http:// | https://] host [:port] [/path[*]]` where host is a DNS
 * name, `*.` and a DNS name, a dotted quad, or `[IPv6]`. Throws `ERR_INVALID_REFERRER_PATTERN`
 * naming the problem. No RegExp is built: matching compares the parts directly.
 */
export function compileReferrerPattern(pattern: string): CompiledReferrerPattern {
  if (typeof pattern !== 'string') throw new KeygateError('ERR_INVALID_REFERRER_PATTERN', 'a referrer pattern must be a string');
  if (pattern.length === 0) throw refuse(pattern, 'is empty');
  if (pattern.length > MAX_PATTERN_LENGTH) throw refuse(pattern, `is longer than ${MAX_PATTERN_LENGTH} characters`);
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c === 0x5c) {
      throw refuse(pattern, 'has whitespace, a backslash or a non-ASCII character (write international names as xn--)');
    }
    if (c === 0x3f || c === 0x23) throw refuse(pattern, 'has a query or fragment ("?", "#"), which matching ignores');
  }
  const scheme = readScheme(pattern);
  if (typeof scheme === 'string') throw refuse(pattern, scheme);
  const start = scheme?.next ?? 0;
  const slash = pattern.indexOf('/', start);
  const authorityEnd = slash < 0 ? pattern.length : slash;
  if (pattern.lastIndexOf('@', authorityEnd) >= start) throw refuse(pattern, 'has userinfo ("user@"), which never matches');
  const authority = splitAuthority(pattern, start, authorityEnd);
  if (typeof authority === 'string') throw refuse(pattern, authority);
  if (authority.port === 0) throw refuse(pattern, 'has port 0');
  const { host, anySubdomain } = readPatternHost(pattern, start, authority.hostEnd);
  return {
    scheme: scheme?.scheme,
    host,
    anySubdomain,
    port: authority.port < 0 ? undefined : authority.port,
    ...readPatternPath(pattern, authorityEnd),
  };
}
