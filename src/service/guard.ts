import { corsHeaders } from '../cors/answer.js';
import type { CorsPolicy } from '../cors/types.js';
import { problem } from './http.js';

const SAFE_METHODS = ['GET', 'HEAD'];
/** Methods that carry a body here; of the state-changing ones, only POST can be sent by a form or a "simple" request. */
const BODY_METHODS = ['POST', 'PUT'];

/** The CORS headers every answer to this request carries (none without `cors` or without `Origin`). */
export function corsFor(request: Request, cors: CorsPolicy | undefined, preflight = false): Readonly<Record<string, string>> {
  const origin = request.headers.get('origin');
  return cors === undefined || origin === null ? {} : corsHeaders(cors, origin, preflight);
}

/** Whether the service's CORS settings let this request's origin in. */
const originAllowed = (request: Request, cors: CorsPolicy | undefined): boolean => 'access-control-allow-origin' in corsFor(request, cors);

const isJson = (contentType: string | null): boolean => /^application\/json\s*(;|$)/i.test(contentType ?? '');

/**
 * Cross-site request forgery: a page on another site can make a browser send a form or a "simple"
 * request (GET, HEAD or POST) with the subscriber's cookies. Such a request cannot carry
 * `Content-Type: application/json` (that needs a CORS preflight, which only the `cors` origins
 * pass), so every call with a body must carry it; PUT and DELETE always need a preflight. And a
 * browser says where a call comes from (`Sec-Fetch-Site`): from another site, only an origin the
 * `cors` settings list may change anything. Answers the refusal, or undefined to go on.
 */
export function refuseForgery(request: Request, cors: CorsPolicy | undefined): Response | undefined {
  if (SAFE_METHODS.includes(request.method)) return undefined;
  if (BODY_METHODS.includes(request.method) && !isJson(request.headers.get('content-type'))) {
    return problem(415, 'calls with a body must be sent with Content-Type: application/json (a form or a simple cross-site request cannot)');
  }
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none' && !originAllowed(request, cors)) {
    return problem(403, 'a state-changing call from another site needs its origin in the key service\'s cors settings');
  }
  return undefined;
}

/** A CORS preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`). */
export const isPreflight = (request: Request): boolean =>
  request.method === 'OPTIONS' && request.headers.has('origin') && request.headers.has('access-control-request-method');
