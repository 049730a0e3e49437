/**
 * The caller's address from what a Fetch server passes after the request: Deno.serve's
 * `(request, info)` has `info.remoteAddr.hostname`; Bun.serve's `(request, server)` has
 * `server.requestIP(request)`. Anything else (a worker's `env`, Hono's context) gives undefined.
 */
export function runtimeClientIp(request: Request, rest: readonly unknown[]): string | undefined {
  const first = rest[0];
  if (typeof first !== 'object' || first === null) return undefined;
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
