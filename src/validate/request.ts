import { credentialOf } from './credentials.js';
import type { RequestLike } from './types.js';

/** Reads one header case-insensitively from a `Headers` or a plain record. */
export function headerValue(headers: RequestLike['headers'], name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  let value = record[name];
  if (value === undefined) {
    const lower = name.toLowerCase();
    for (const key of Object.keys(record)) {
      if (key.toLowerCase() === lower) {
        value = record[key];
        break;
      }
    }
  }
  // Node gives repeated headers as arrays; join them like Fetch does, so both inputs agree.
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined;
}

/** The URL of a request; relative URLs (`/menu?x`, as Node gives them) resolve against a dummy origin. */
export function requestUrl(request: RequestLike): URL | undefined {
  try {
    return new URL(request.url, 'http://localhost');
  } catch {
    return undefined;
  }
}

export type KeySource = 'header' | 'authorization' | 'query';

/**
 * Finds the API key: the header first (trimmed), then the query parameter (URL-decoded by
 * URLSearchParams; the URL is parsed only then). Empty values count as absent, as in WSO2's gateway.
 */
export function extractKey(
  request: RequestLike,
  header: string,
  queryParam: string | false,
  authScheme: string | false = false,
): { key: string; source: KeySource } | undefined {
  const fromHeader = headerValue(request.headers, header)?.trim();
  if (fromHeader) return { key: fromHeader, source: 'header' };
  if (authScheme !== false) {
    const fromAuthorization = credentialOf(headerValue(request.headers, 'authorization'), authScheme);
    if (fromAuthorization !== undefined) return { key: fromAuthorization, source: 'authorization' };
  }
  if (queryParam === false) return undefined;
  const fromQuery = requestUrl(request)?.searchParams.get(queryParam)?.trim();
  return fromQuery ? { key: fromQuery, source: 'query' } : undefined;
}
