import { headerValue } from '../validate/request.js';
import type { RequestLike, ValidateContext } from '../validate/types.js';
import type { NodeRequestLike } from './types.js';

/** What `validate` needs from a Node request: a `RequestLike` and the socket's facts. */
export interface NodeRequestView {
  readonly request: RequestLike;
  readonly context: ValidateContext;
  /**
   * False when URL parsing would change the path the server routes on (`.`/`..` segments, also
   * as `%2e`, or backslashes): the validator would judge another path than the router serves.
   */
  readonly pathIsNormal: boolean;
}

/** `/a/../b`, `/a/%2e%2e/b` and `\` are rewritten by URL parsing but not by Node routers. */
function pathIsNormal(path: string): boolean {
  if (/[\\\t\r\n]/.test(path)) return false;
  return path.split('/').every((segment) => {
    const dots = segment.toLowerCase().replaceAll('%2e', '.');
    return dots !== '.' && dots !== '..';
  });
}

/** The request target: Express's `originalUrl` (mount paths included), else `url`. */
function requestTarget(req: NodeRequestLike): string {
  return req.originalUrl ?? req.url ?? '/';
}

/**
 * Reads an `http.IncomingMessage` (or an Express/Connect request) as a `RequestLike`. The path and
 * query come from the request line only; the `Host` header can only set the host, never the path.
 * `context.clientIp` is the socket's peer address (forwarding headers are for the validator's `clientIp` resolver).
 */
export function readNodeRequest(req: NodeRequestLike): NodeRequestView {
  const url = new URL(req.socket?.encrypted === true ? 'https://localhost' : 'http://localhost');
  let target = requestTarget(req);
  if (!target.startsWith('/')) {
    // Absolute-form (`GET http://host/path`, sent to proxies): keep its path and query only.
    try {
      const absolute = new URL(target);
      target = absolute.pathname + absolute.search;
    } catch {
      target = '/';
    }
  }
  const queryAt = target.indexOf('?');
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  url.pathname = path;
  url.search = queryAt < 0 ? '' : target.slice(queryAt);
  const host = headerValue(req.headers, 'host');
  // The setter ignores what is not a host and stops at `/`, `?` or `#`: the path cannot move.
  if (host) url.host = host;
  const remoteAddress = req.socket?.remoteAddress;
  return {
    request: { url: url.href, headers: req.headers, ...(req.method === undefined ? {} : { method: req.method }) },
    context: remoteAddress === undefined ? {} : { clientIp: remoteAddress },
    pathIsNormal: pathIsNormal(path),
  };
}
