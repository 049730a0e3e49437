import type { ValidationSuccess } from '../validate/types.js';
import { copyRequest, hideCredentials } from './hide-credentials.js';

/**
 * The request to pass upstream after a key was accepted: without the key (when `hide`), and with
 * the backend JWT in its header when the validator made one. The JWT header replaces any value the
 * client sent under that name, so a caller cannot forge the upstream's identity assertion.
 */
export function forwardedRequest(request: Request, result: ValidationSuccess, hide: boolean): Request {
  const hidden = hide ? hideCredentials(request, result.credential) : request;
  if (result.backendJwt === undefined || result.backendJwtHeader === undefined) return hidden;
  const copy = hidden === request ? copyRequest(request) : hidden;
  copy.headers.set(result.backendJwtHeader, result.backendJwt);
  return copy;
}
