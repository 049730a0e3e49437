import type { UnauthenticatedSuccess, ValidationSuccess } from '../validate/types.js';
import { copyRequest, editHeadersInPlace, hideCredentials } from './hide-credentials.js';

/**
 * The request to pass upstream after a call was accepted: without the key (when `hide`), and with
 * the backend JWT in its header when the validator made one. The JWT header replaces any value the
 * client sent under that name, so a caller cannot forge the upstream's identity assertion; a call
 * that needed no key gets no JWT, and a client's value under that name is removed. Headers are
 * edited in place where the runtime allows it, else on a copy.
 */
export function forwardedRequest(request: Request, result: ValidationSuccess | UnauthenticatedSuccess, hide: boolean): Request {
  const hidden = hide ? hideCredentials(request, result.credential) : request;
  const { backendJwtHeader } = result;
  if (backendJwtHeader === undefined) return hidden;
  const backendJwt = result.authenticated ? result.backendJwt : undefined;
  if (backendJwt === undefined && !hidden.headers.has(backendJwtHeader)) return hidden;
  const setJwt = (headers: Headers): void => {
    if (backendJwt === undefined) headers.delete(backendJwtHeader);
    else headers.set(backendJwtHeader, backendJwt);
  };
  if (editHeadersInPlace(hidden, setJwt)) return hidden;
  const copy = copyRequest(hidden);
  setJwt(copy.headers);
  return copy;
}
