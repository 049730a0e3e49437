import type { UnauthenticatedSuccess, ValidationSuccess } from '../validate/types.js';
import { copyRequest, hideCredentials } from './hide-credentials.js';

/**
 * The request to pass upstream after a call was accepted: without the key (when `hide`), and with
 * the backend JWT in its header when the validator made one. The JWT header replaces any value the
 * client sent under that name, so a caller cannot forge the upstream's identity assertion; a call
 * that needed no key gets no JWT, and a client's value under that name is removed.
 */
export function forwardedRequest(request: Request, result: ValidationSuccess | UnauthenticatedSuccess, hide: boolean): Request {
  const hidden = hide ? hideCredentials(request, result.credential) : request;
  const header = result.backendJwtHeader;
  if (header === undefined || (!result.authenticated && !hidden.headers.has(header))) return hidden;
  const copy = hidden === request ? copyRequest(request) : hidden;
  if (result.authenticated && result.backendJwt !== undefined) copy.headers.set(header, result.backendJwt);
  else copy.headers.delete(header);
  return copy;
}
