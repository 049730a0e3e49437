import { corsAnswer } from '../cors/answer.js';
import type { AnyValidationSuccess, ValidationFailure, ValidationSuccess } from '../validate/types.js';
import { runtimeClientIp } from './client-ip.js';
import { errorResponseParts } from './error-response.js';
import { forwardedRequest } from './forward.js';
import { requireValidator, resolveAdapterOptions, type AdapterOptions, type ApiKeyOf, type ValidatorLike } from './options.js';

/** Options of the Fetch adapters `createFetchGuard` and `withApiKey`. */
export interface FetchAdapterOptions<Rest extends unknown[] = unknown[]> extends AdapterOptions {
  /**
   * The caller's address, for keys with IP restrictions. Default: Deno.serve's `info.remoteAddr`
   * or Bun.serve's `server.requestIP(request)`; elsewhere (workers) say where it comes from, for
   * example `(request) => request.headers.get('cf-connecting-ip') ?? undefined` behind Cloudflare.
   */
  readonly clientIp?: (request: Request, ...rest: Rest) => string | undefined;
}

/**
 * The verdict on one Fetch request: the accepted call and the request to pass on, or the answer
 * to send (a refusal, or a CORS preflight answered before authentication).
 */
export type FetchVerdict<S extends AnyValidationSuccess = ValidationSuccess> =
  | {
      readonly ok: true;
      /** The verified key; `undefined` for a resource with `auth: 'none'` (see `result`). */
      readonly apiKey: ApiKeyOf<S>;
      readonly result: S;
      readonly request: Request;
      /** CORS headers the answer to this request must carry (see `withCorsHeaders`), when CORS applies. */
      readonly corsHeaders?: Readonly<Record<string, string>>;
    }
  | { readonly ok: false; readonly failure: ValidationFailure; readonly response: Response; readonly preflight?: false }
  | { readonly ok: false; readonly failure?: undefined; readonly response: Response; readonly preflight: true };

/**
 * `response` with `headers` added (`Vary` appended to), copied first when its headers cannot be
 * changed (a `fetch()` answer's).
 */
export function withCorsHeaders(response: Response, headers: Readonly<Record<string, string>> | undefined): Response {
  if (headers === undefined) return response;
  let target = response;
  for (const [name, value] of Object.entries(headers)) {
    try {
      if (name === 'vary') target.headers.append(name, value);
      else target.headers.set(name, value);
    } catch {
      target = new Response(target.body, target);
      if (name === 'vary') target.headers.append(name, value);
      else target.headers.set(name, value);
    }
  }
  return target;
}

/**
 * Checks Fetch requests, for middleware-style frameworks (Hono: `c.req.raw`): each call answers a
 * verdict. On success `request` is the request to forward: without the key unless `hideCredentials: false`,
 * with the backend JWT header when the validator issues one. With CORS on (validator option
 * `cors`), a preflight is answered at once and refusals carry the CORS headers; add
 * `corsHeaders` to the answer of an accepted call (`withCorsHeaders`).
 */
export function createFetchGuard<Rest extends unknown[] = unknown[], S extends AnyValidationSuccess = ValidationSuccess>(
  validator: ValidatorLike<S>,
  options: FetchAdapterOptions<Rest> = {},
): (request: Request, ...rest: Rest) => Promise<FetchVerdict<S>> {
  requireValidator(validator);
  const resolved = resolveAdapterOptions(options);
  const clientIpOf = options.clientIp ?? ((request: Request, ...rest: Rest) => runtimeClientIp(request, rest));
  return async (request, ...rest) => {
    const clientIp = clientIpOf(request, ...rest);
    const context = {
      ...(clientIp === undefined ? {} : { clientIp }),
      ...(resolved.api === undefined ? {} : { api: resolved.api }),
    };
    const cors = corsAnswer(validator, request, context);
    if (cors?.preflight === true) return { ok: false, preflight: true, response: new Response(null, { status: 200, headers: cors.headers }) };
    const result = await validator.validate(request, context);
    if (!result.ok) {
      const { status, headers, body } = errorResponseParts(result, resolved.challenge);
      return { ok: false, failure: result, response: new Response(body, { status, headers: cors === undefined ? headers : { ...headers, ...cors.headers } }) };
    }
    const forwarded = forwardedRequest(request, result, resolved.hideCredentials);
    const apiKey = (result.authenticated ? result : undefined) as ApiKeyOf<S>;
    return cors === undefined ? { ok: true, apiKey, result, request: forwarded } : { ok: true, apiKey, result, request: forwarded, corsHeaders: cors.headers };
  };
}

/**
 * Wraps a Fetch handler (Deno.serve, Bun.serve, a worker's `fetch`): refused calls get WSO2's JSON
 * error; accepted ones reach `handler` with the verified key (`undefined` on a resource with
 * `auth: 'none'`), then whatever the server passed (Deno's `info`, Bun's `server`, a worker's `env`
 * and `ctx`). With CORS on, preflights are answered here and every answer carries the CORS headers.
 */
export function withApiKey<Rest extends unknown[], S extends AnyValidationSuccess = ValidationSuccess>(
  validator: ValidatorLike<S>,
  handler: (request: Request, apiKey: ApiKeyOf<S>, ...rest: Rest) => Response | Promise<Response>,
  options: FetchAdapterOptions<Rest> = {},
): (request: Request, ...rest: Rest) => Promise<Response> {
  const guard = createFetchGuard<Rest, S>(validator, options);
  return async (request, ...rest) => {
    const verdict = await guard(request, ...rest);
    if (!verdict.ok) return verdict.response;
    return withCorsHeaders(await handler(verdict.request, verdict.apiKey, ...rest), verdict.corsHeaders);
  };
}
