import type { ValidationFailure, ValidationSuccess } from '../validate/types.js';
import { runtimeClientIp } from './client-ip.js';
import { errorResponseParts } from './error-response.js';
import { forwardedRequest } from './forward.js';
import { requireValidator, resolveAdapterOptions, type AdapterOptions, type ValidatorLike } from './options.js';

/** Options of the Fetch adapters `createFetchGuard` and `withApiKey`. */
export interface FetchAdapterOptions<Rest extends unknown[] = unknown[]> extends AdapterOptions {
  /**
   * The caller's address, for keys with IP restrictions. Default: Deno.serve's `info.remoteAddr`
   * or Bun.serve's `server.requestIP(request)`; elsewhere (workers) say where it comes from, for
   * example `(request) => request.headers.get('cf-connecting-ip') ?? undefined` behind Cloudflare.
   */
  readonly clientIp?: (request: Request, ...rest: Rest) => string | undefined;
}

/** The verdict on one Fetch request: the verified key and the request to pass on, or the answer to send. */
export type FetchVerdict =
  | { readonly ok: true; readonly apiKey: ValidationSuccess; readonly request: Request }
  | { readonly ok: false; readonly failure: ValidationFailure; readonly response: Response };

/**
 * Checks Fetch requests, for middleware-style frameworks (Hono: `c.req.raw`): each call answers a
 * verdict. On success `request` is the request to forward: without the key unless `hideCredentials: false`,
 * with the backend JWT header when the validator issues one.
 */
export function createFetchGuard<Rest extends unknown[] = unknown[]>(
  validator: ValidatorLike,
  options: FetchAdapterOptions<Rest> = {},
): (request: Request, ...rest: Rest) => Promise<FetchVerdict> {
  requireValidator(validator);
  const resolved = resolveAdapterOptions(options);
  const clientIpOf = options.clientIp ?? ((request: Request, ...rest: Rest) => runtimeClientIp(request, rest));
  return async (request, ...rest) => {
    const clientIp = clientIpOf(request, ...rest);
    const result = await validator.validate(request, {
      ...(clientIp === undefined ? {} : { clientIp }),
      ...(resolved.api === undefined ? {} : { api: resolved.api }),
    });
    if (!result.ok) {
      const { status, headers, body } = errorResponseParts(result, resolved.challenge);
      return { ok: false, failure: result, response: new Response(body, { status, headers }) };
    }
    return { ok: true, apiKey: result, request: forwardedRequest(request, result, resolved.hideCredentials) };
  };
}

/**
 * Wraps a Fetch handler (Deno.serve, Bun.serve, a worker's `fetch`): refused calls get WSO2's JSON
 * error; accepted ones reach `handler` with the verified key, then whatever the server passed
 * (Deno's `info`, Bun's `server`, a worker's `env` and `ctx`).
 */
export function withApiKey<Rest extends unknown[]>(
  validator: ValidatorLike,
  handler: (request: Request, apiKey: ValidationSuccess, ...rest: Rest) => Response | Promise<Response>,
  options: FetchAdapterOptions<Rest> = {},
): (request: Request, ...rest: Rest) => Promise<Response> {
  const guard = createFetchGuard(validator, options);
  return async (request, ...rest) => {
    const verdict = await guard(request, ...rest);
    return verdict.ok ? handler(verdict.request, verdict.apiKey, ...rest) : verdict.response;
  };
}
