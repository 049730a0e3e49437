import { normalizePath } from './url-path.js';
import { DEFAULT_PORT, readHost, readScheme, splitAuthority, type UrlHost, type WebScheme } from './url-host.js';

/** Browsers cut longer Referer values down to the origin, so a longer one was not sent by a browser. */
export const MAX_REFERRER_LENGTH = 4096;

/** The parts of a `Referer` value that patterns are matched against. */
export interface ParsedReferrer {
  readonly scheme: WebScheme;
  readonly host: UrlHost;
  /** The explicit port, or the scheme's default port. */
  readonly port: number;
  /** Percent-normalised path, `/` when the URL has none; query and fragment are dropped. */
  readonly path: string;
}

/** Counts character steps, so tests can bound the work a match does without timing it. */
export interface StepCounter {
  count: number;
}

function isPrintableAscii(text: string, steps: StepCounter | undefined): boolean {
  if (steps) steps.count += text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c === 0x5c) return false;
  }
  return true;
}

/**
 * Parses a `Referer` value as an absolute http(s) URL, strictly: any whitespace, non-ASCII
 * character, backslash, userinfo (`https://example.com@evil.com/`) or malformed host makes it
 * unparseable (`undefined`), and an unparseable referrer matches no pattern. One pass over the text.
 */
export function parseReferrer(text: unknown, steps?: StepCounter): ParsedReferrer | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_REFERRER_LENGTH) return undefined;
  if (!isPrintableAscii(text, steps)) return undefined;
  const scheme = readScheme(text);
  if (scheme === undefined || typeof scheme === 'string') return undefined;
  let authorityEnd = scheme.next;
  while (authorityEnd < text.length && !'/?#'.includes(text.charAt(authorityEnd))) authorityEnd++;
  let pathEnd = authorityEnd;
  while (pathEnd < text.length && text.charCodeAt(pathEnd) !== 0x3f && text.charCodeAt(pathEnd) !== 0x23) pathEnd++;
  if (steps) steps.count += pathEnd;
  if (text.lastIndexOf('@', authorityEnd) >= scheme.next) return undefined;
  const authority = splitAuthority(text, scheme.next, authorityEnd);
  if (typeof authority === 'string') return undefined;
  const host = readHost(text, scheme.next, authority.hostEnd);
  if (typeof host === 'string') return undefined;
  const path = pathEnd === authorityEnd ? { path: '/' } : normalizePath(text, authorityEnd, pathEnd);
  if (typeof path === 'string') return undefined;
  const port = authority.port < 0 ? DEFAULT_PORT[scheme.scheme] : authority.port;
  return { scheme: scheme.scheme, host, port, path: path.path };
}
