import { removeQueryParam } from '../adapters/hide-credentials.js';
import type { CredentialLocation, UnauthenticatedSuccess, ValidationSuccess } from '../validate/types.js';
import type { NodeRequestLike } from './types.js';

/** Deletes a header under any letter case from a header record. */
function deleteHeader(headers: Record<string, unknown>, name: string): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) delete headers[key];
}

/**
 * Removes a header from every view Node keeps of it: `headers`, `headersDistinct` and
 * `rawHeaders`. Node builds the first two lazily from `rawHeaders`, looping to the count it
 * received: both are built (or fetched, if something read them already) before `rawHeaders` is
 * shortened, so neither reads past its end nor misses the removal.
 */
function removeNodeHeader(req: NodeRequestLike, name: string): void {
  deleteHeader(req.headers, name);
  const distinct = req.headersDistinct;
  if (distinct) deleteHeader(distinct, name);
  const raw = req.rawHeaders;
  if (!raw) return;
  const lower = name.toLowerCase();
  const kept = raw.filter((_, i) => (raw[i - (i % 2)] ?? '').toLowerCase() !== lower);
  raw.splice(0, raw.length, ...kept);
}

/** Removes one name from a parsed query object, when it is an object keygate may change. */
function deleteQueryEntry(query: unknown, name: string): void {
  if (typeof query !== 'object' || query === null || !Object.prototype.hasOwnProperty.call(query, name)) return;
  const descriptor = Object.getOwnPropertyDescriptor(query, name);
  if (descriptor?.configurable === true) delete (query as Record<string, unknown>)[name];
}

/**
 * Removes the API key from a Node request in place, everywhere a proxy or handler could read it:
 * `headers`, `rawHeaders`, `url`, Express's `originalUrl` and a parsed `query`.
 */
export function hideNodeCredentials(req: NodeRequestLike, location: CredentialLocation | Omit<CredentialLocation, 'foundIn'>, parsedQuery?: { query?: unknown }): void {
  removeNodeHeader(req, location.header);
  if (location.queryParam === false) return;
  if (req.url !== undefined) req.url = removeQueryParam(req.url, location.queryParam);
  if (req.originalUrl !== undefined) req.originalUrl = removeQueryParam(req.originalUrl, location.queryParam);
  deleteQueryEntry(req.query, location.queryParam);
  if (parsedQuery) deleteQueryEntry(parsedQuery.query, location.queryParam);
}

/**
 * Prepares an accepted Node request for the upstream, in place: the key removed (when `hide`) and
 * the backend JWT set in its header, replacing whatever the client sent under that name (a call
 * that needed no key gets no JWT: a client's value under that name is removed).
 */
export function prepareNodeForward(
  req: NodeRequestLike,
  result: ValidationSuccess | UnauthenticatedSuccess,
  hide: boolean,
  parsedQuery?: { query?: unknown },
): void {
  if (hide) hideNodeCredentials(req, result.credential, parsedQuery);
  if (result.backendJwtHeader === undefined) return;
  removeNodeHeader(req, result.backendJwtHeader);
  if (!result.authenticated || result.backendJwt === undefined) return;
  const name = result.backendJwtHeader.toLowerCase();
  req.headers[name] = result.backendJwt;
  if (req.headersDistinct) req.headersDistinct[name] = [result.backendJwt];
  req.rawHeaders?.push(result.backendJwtHeader, result.backendJwt);
}
