import { credentialOf } from '../validate/credentials.js';
import type { CredentialLocation } from '../validate/types.js';

/** True when one `name=value` piece of a query string has the given (decoded) name. */
function pieceHasName(piece: string, name: string): boolean {
  // Decode exactly as URLSearchParams does (`+`, percent escapes); the `&` prefix keeps a leading `?` literal.
  for (const [key] of new URLSearchParams(`&${piece}`)) return key === name;
  return false;
}

/**
 * The URL (absolute or origin-form, like Node's `req.url`) without the query parameter `name`,
 * under any spelling URLSearchParams would decode to it. Every other byte is kept as it was, so
 * the rest of the query reaches the backend unchanged. Returns `url` itself when there is nothing to remove.
 */
export function removeQueryParam(url: string, name: string | false): string {
  const start = url.indexOf('?');
  if (name === false || start < 0) return url;
  const hash = url.indexOf('#', start);
  const end = hash < 0 ? url.length : hash;
  const pieces = url.slice(start + 1, end).split('&');
  const kept = pieces.filter((piece) => !pieceHasName(piece, name));
  if (kept.length === pieces.length) return url;
  const query = kept.length === 0 ? '' : `?${kept.join('&')}`;
  return url.slice(0, start) + query + url.slice(end);
}

/**
 * A copy of the request (optionally at another URL) whose headers may be changed. Headers are
 * edited on the copy rather than passed as `init.headers`: Bun ignores an empty `init.headers`
 * when the input is a Request, which would bring a deleted key back.
 */
export function copyRequest(request: Request, url = request.url): Request {
  if (url === request.url) return new Request(request);
  // A new URL needs a fresh init; a streamed body then needs `duplex` (Node's fetch insists on it).
  const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers: request.headers, redirect: request.redirect, signal: request.signal };
  if (request.body !== null) {
    init.body = request.body;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

/**
 * Changes a request's headers in place when its runtime allows it (Node's and Bun's server
 * requests do; Deno's are immutable and throw): copying a Request costs tens of microseconds.
 */
export function editHeadersInPlace(request: Request, edit: (headers: Headers) => void): boolean {
  try {
    edit(request.headers);
    return true;
  } catch {
    return false;
  }
}

/** The headers that carry a key for this location: its key header, and `Authorization` when it holds the key's scheme. */
function keyHeaders(headers: Headers, location: CredentialLocation): string[] {
  const names = headers.has(location.header) ? [location.header] : [];
  if (typeof location.authScheme === 'string' && credentialOf(headers.get('authorization') ?? undefined, location.authScheme) !== undefined) {
    names.push('authorization');
  }
  return names;
}

/**
 * The request without its API key: the key header, an `Authorization` header under the key's
 * scheme and the key query parameter removed. A key in headers only is removed in place where the
 * runtime allows it (the same request comes back, now without the key, as does a request that
 * carries none); otherwise, and for a key in the query, the answer is a copy. The body, method,
 * signal and redirect mode carry over.
 */
export function hideCredentials(request: Request, location: CredentialLocation): Request {
  const url = removeQueryParam(request.url, location.queryParam);
  const names = keyHeaders(request.headers, location);
  const drop = (headers: Headers): void => {
    for (const name of names) headers.delete(name);
  };
  if (url === request.url && (names.length === 0 || editHeadersInPlace(request, drop))) return request;
  const copy = copyRequest(request, url);
  drop(copy.headers);
  return copy;
}
