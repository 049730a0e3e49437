import type { NodeRequestLike } from '../node/types.js';

type Bindings = Record<string, unknown>;
const isObject = (value: unknown): value is Bindings => typeof value === 'object' && value !== null;

/**
 * @hono/node-server's bindings: `{ incoming }` (the IncomingMessage), or `{ server: { incoming } }`;
 * the incoming request when it has Node's shape (headers record, rawHeaders array).
 */
export function nodeIncomingOf(rest: readonly unknown[]): NodeRequestLike | undefined {
  const bindings = rest[0];
  if (!isObject(bindings)) return undefined;
  const holder = isObject(bindings.incoming) ? bindings : isObject(bindings.server) ? bindings.server : undefined;
  const incoming = holder?.incoming;
  return isObject(incoming) && isObject(incoming.headers) && Array.isArray(incoming.rawHeaders) ? (incoming as unknown as NodeRequestLike) : undefined;
}

/**
 * The caller's address from what a Fetch server passes after the request: Deno.serve's
 * `(request, info)` has `info.remoteAddr.hostname`; Bun.serve's `(request, server)` has
 * `server.requestIP(request)`; @hono/node-server's bindings hold the `incoming` Node request.
 * Anything else (a worker's `env`) gives undefined.
 */
export function runtimeClientIp(request: Request, rest: readonly unknown[]): string | undefined {
  const first = rest[0];
  if (!isObject(first)) return undefined;
  const socket = nodeIncomingOf(rest)?.socket;
  if (typeof socket?.remoteAddress === 'string') return socket.remoteAddress;
  const remoteAddr = (first as { remoteAddr?: unknown }).remoteAddr;
  if (typeof remoteAddr === 'object' && remoteAddr !== null) {
    const hostname = (remoteAddr as { hostname?: unknown }).hostname;
    return typeof hostname === 'string' ? hostname : undefined;
  }
  const requestIP = (first as { requestIP?: unknown }).requestIP;
  if (typeof requestIP !== 'function') return undefined;
  try {
    const address = (requestIP.call(first, request) as { address?: unknown } | null)?.address;
    return typeof address === 'string' ? address : undefined;
  } catch {
    return undefined;
  }
}
