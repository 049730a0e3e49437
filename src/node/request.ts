import { pathAsSent, pathIfCanonical } from '../validate/request-path.js';
import type { RequestLike, ValidateContext } from '../validate/types.js';
import type { NodeRequestLike } from './types.js';

/** What `validate` needs from a Node request: a `RequestLike` and the socket's facts. */
export interface NodeRequestView {
  /** `url` is the origin-form target (`/path?query`) exactly as the request line sent it. */
  readonly request: RequestLike;
  readonly context: ValidateContext;
  /**
   * False when URL parsing would change the path the server routes on (`.`/`..` segments, also
   * as `%2e`, backslashes, `//`), in origin-form or absolute-form: the validator would judge
   * another path than the router serves. Adapters refuse such requests.
   */
  readonly pathIsNormal: boolean;
}

/** The request target: Express's `originalUrl` (mount paths included), else `url`. */
function requestTarget(req: NodeRequestLike): string {
  return req.originalUrl ?? req.url ?? '/';
}

/**
 * Reads an `http.IncomingMessage` (or an Express/Connect request) as a `RequestLike`. The path and
 * query come from the request line only, as sent (an absolute-form target keeps its path and
 * query, never normalised); the `Host` header never reaches the path. `context.clientIp` is the
 * socket's peer address (forwarding headers are for the validator's `clientIp` resolver).
 */
export function readNodeRequest(req: NodeRequestLike): NodeRequestView {
  const target = requestTarget(req);
  const path = pathAsSent(target);
  const url = path === undefined ? '/' : target.charCodeAt(0) === 0x2f ? target : originForm(target, path);
  const remoteAddress = req.socket?.remoteAddress;
  return {
    request: req.method === undefined ? { url, headers: req.headers } : { url, method: req.method, headers: req.headers },
    context: remoteAddress === undefined ? {} : { clientIp: remoteAddress },
    pathIsNormal: path !== undefined && pathIfCanonical(url) !== undefined,
  };
}

/** `http://host/a?q#f` -> `/a?q`: the path as sent and the query, without the fragment. */
function originForm(target: string, path: string): string {
  // pathAsSent found a plain authority: it ends where the path, query or fragment begins.
  const authority = target.indexOf('//') + 2;
  let at = authority;
  while (at < target.length && !'/?#'.includes(target[at] as string)) at++;
  const hash = target.indexOf('#', at);
  const query = target.slice(at + path.length, hash < 0 ? target.length : hash);
  return (path === '' ? '/' : path) + (query.startsWith('?') ? query : '');
}
