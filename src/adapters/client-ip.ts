type Bindings = Record<string, unknown>;
const isObject = (value: unknown): value is Bindings => typeof value === 'object' && value !== null;

/** @hono/node-server's bindings: `{ incoming }` (the IncomingMessage), or `{ server: { incoming } }`. */
function nodeSocketAddress(bindings: Bindings): string | undefined {
  const holder = isObject(bindings.incoming) ? bindings : isObject(bindings.server) ? bindings.server : undefined;
  const socket = isObject(holder?.incoming) ? holder.incoming.socket : undefined;
  const address = isObject(socket) ? socket.remoteAddress : undefined;
  return typeof address === 'string' ? address : undefined;
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
  const fromNode = nodeSocketAddress(first);
  if (fromNode !== undefined) return fromNode;
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
