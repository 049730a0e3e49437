import type { ValidationSuccess } from '../validate/types.js';
import { copyRequest, editHeadersInPlace, hideCredentials } from './hide-credentials.js';

/**
 * The request to pass upstream after a key was accepted: without the key (when `hide`), and with
 * the backend JWT in its header when the validator made one. The JWT header replaces any value the
 * client sent under that name, so a caller cannot forge the upstream's identity assertion. Headers
 * are edited in place where the runtime allows it, else on a copy.
 */
export function forwardedRequest(request: Request, result: ValidationSuccess, hide: boolean): Request {
  const hidden = hide ? hideCredentials(request, result.credential) : request;
  const { backendJwt, backendJwtHeader } = result;
  if (backendJwt === undefined || backendJwtHeader === undefined) return hidden;
  const setJwt = (headers: Headers): void => headers.set(backendJwtHeader, backendJwt);
  if (editHeadersInPlace(hidden, setJwt)) return hidden;
  const copy = copyRequest(hidden);
  setJwt(copy.headers);
  return copy;
}
