import { removeQueryParam } from '../adapters/hide-credentials.js';
import { credentialOf } from '../validate/credentials.js';
import { headerValue } from '../validate/request.js';
import type { CredentialLocation, UnauthenticatedSuccess, ValidationSuccess } from '../validate/types.js';
import { nodeHeaderSlots } from './header-slots.js';
import type { NodeRequestLike } from './types.js';

/** `key` equals the lower-case `lower` ignoring ASCII case; lengths first, so most names cost no allocation. */
const sameName = (key: string, lower: string): boolean => key.length === lower.length && (key === lower || key.toLowerCase() === lower);

/** Deletes a header under any letter case from a header record (no `delete` when absent: it slows the object down). */
function deleteHeader(headers: Record<string, unknown>, lower: string): void {
  for (const key in headers) if (sameName(key, lower)) delete headers[key];
}

/** Drops the name/value pairs of one header from `rawHeaders`, in place; false when there were none. */
function compactRawHeaders(raw: string[], lower: string): boolean {
  let kept = 0;
  for (let read = 0; read < raw.length; read += 2) {
    if (sameName(raw[read] ?? '', lower)) continue;
    if (kept !== read) {
      raw[kept] = raw[read]!;
      raw[kept + 1] = raw[read + 1]!;
    }
    kept += 2;
  }
  if (kept === raw.length) return false;
  raw.length = kept;
  return true;
}

/**
 * Removes a header from every view Node keeps of it: `headers`, `headersDistinct` and
 * `rawHeaders`. Node builds the first two lazily from `rawHeaders`, looping to the count it
 * received: that count follows the shortened `rawHeaders`, and a `headersDistinct` built earlier
 * loses the header too, so no view reads past the end or keeps the key.
 */
function removeNodeHeader(req: NodeRequestLike, name: string): void {
  const lower = name.toLowerCase();
  deleteHeader(req.headers, lower);
  const raw = req.rawHeaders;
  const slots = nodeHeaderSlots(req);
  if (slots === undefined) {
    // Not Node's own IncomingMessage (a test double, another runtime's): build the view before cutting.
    const distinct = req.headersDistinct;
    if (distinct) deleteHeader(distinct, lower);
    if (raw) compactRawHeaders(raw, lower);
    return;
  }
  const slotted = req as unknown as Record<symbol, unknown>;
  const built = slotted[slots.distinct] as Record<string, unknown> | undefined;
  if (built) deleteHeader(built, lower);
  if (raw && compactRawHeaders(raw, lower)) slotted[slots.count] = raw.length;
}

/** Removes one name from a parsed query object it owns; a getter (Express 5) re-reads the cleaned `url`. */
function deleteQueryEntry(owner: unknown, name: string): void {
  if (typeof owner !== 'object' || owner === null) return;
  const own = Object.getOwnPropertyDescriptor(owner, 'query');
  const query: unknown = own !== undefined && 'value' in own ? own.value : undefined;
  if (typeof query !== 'object' || query === null || !Object.prototype.hasOwnProperty.call(query, name)) return;
  if (Object.getOwnPropertyDescriptor(query, name)?.configurable === true) delete (query as Record<string, unknown>)[name];
}

/**
 * Removes the API key from a Node request in place, everywhere a proxy or handler could read it:
 * `headers`, `headersDistinct`, `rawHeaders`, `url`, Express's `originalUrl` and a parsed `query`.
 */
export function hideNodeCredentials(
  req: NodeRequestLike,
  location: CredentialLocation | Omit<CredentialLocation, 'foundIn'>,
  parsedQuery?: { query?: unknown; originalUrl?: unknown },
): void {
  removeNodeHeader(req, location.header);
  if (typeof location.authScheme === 'string' && credentialOf(headerValue(req.headers, 'authorization'), location.authScheme) !== undefined) {
    removeNodeHeader(req, 'authorization');
  }
  if (location.queryParam === false) return;
  if (req.url !== undefined) req.url = removeQueryParam(req.url, location.queryParam);
  if (req.originalUrl !== undefined) req.originalUrl = removeQueryParam(req.originalUrl, location.queryParam);
  deleteQueryEntry(req, location.queryParam);
  if (!parsedQuery) return;
  deleteQueryEntry(parsedQuery, location.queryParam);
  // Fastify keeps the target as first read in `request.originalUrl` (a logger's read, before keygate ran).
  const original = parsedQuery.originalUrl;
  if (typeof original === 'string') {
    Object.defineProperty(parsedQuery, 'originalUrl', { value: removeQueryParam(original, location.queryParam), writable: true, enumerable: true, configurable: true });
  }
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
  parsedQuery?: { query?: unknown; originalUrl?: unknown },
): void {
  if (hide) hideNodeCredentials(req, result.credential, parsedQuery);
  if (result.backendJwtHeader === undefined) return;
  if (!result.authenticated || result.backendJwt === undefined) {
    if (headerValue(req.headers, result.backendJwtHeader) !== undefined) removeNodeHeader(req, result.backendJwtHeader);
    return;
  }
  removeNodeHeader(req, result.backendJwtHeader);
  const name = result.backendJwtHeader.toLowerCase();
  req.headers[name] = result.backendJwt;
  const raw = req.rawHeaders;
  if (raw) {
    raw.push(result.backendJwtHeader, result.backendJwt);
    const slots = nodeHeaderSlots(req);
    if (slots) (req as unknown as Record<symbol, unknown>)[slots.count] = raw.length;
  }
  const distinct = slotsDistinct(req);
  if (distinct) distinct[name] = [result.backendJwt];
}

/** The `headersDistinct` view if it exists already (never built just for this). */
function slotsDistinct(req: NodeRequestLike): Record<string, unknown> | undefined {
  const slots = nodeHeaderSlots(req);
  if (slots === undefined) return req.headersDistinct;
  return (req as unknown as Record<symbol, Record<string, unknown> | undefined>)[slots.distinct];
}
