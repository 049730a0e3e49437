import { corsAnswer } from '../cors/answer.js';
import { KeygateError } from '../errors.js';
import type { OptionNames } from '../options/known.js';
import type { AnyValidationSuccess, ValidateContext, ValidationFailure, ValidationSuccess } from '../validate/types.js';
import { prepareNodeForward } from '../node/hide.js';
import { nodeIncomingOf, runtimeClientIp } from './client-ip.js';
import { errorResponseParts } from './error-response.js';
import { forwardedRequest } from './forward.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import {
  ADAPTER_OPTIONS,
  refusalHook,
  requireValidator,
  resolveAdapterOptions,
  type AdapterOptions,
  type ApiKeyOf,
  type ResolvedAdapterOptions,
  type ValidatorLike,
} from './options.js';

/** Options of the Fetch adapters `createFetchGuard` and `withApiKey`. */
export interface FetchAdapterOptions<Rest extends unknown[] = unknown[]> extends AdapterOptions {
  /**
   * The caller's address, for keys with IP restrictions. Default: Deno.serve's `info.remoteAddr`,
   * Bun.serve's `server.requestIP(request)` or @hono/node-server's `env.incoming`; elsewhere
   * (workers) say where it comes from, for example
   * `(request) => request.headers.get('cf-connecting-ip') ?? undefined` behind Cloudflare.
   */
  readonly clientIp?: ((request: Request, ...rest: Rest) => string | undefined) | undefined;
  /** Answers a refused call yourself (your error format, logging): its Response is sent instead of WSO2's JSON error. */
  readonly onRefused?: ((failure: ValidationFailure, request: Request) => Response | Promise<Response>) | undefined;
}

export const FETCH_OPTIONS = { ...ADAPTER_OPTIONS, clientIp: true, onRefused: true } as const satisfies OptionNames<FetchAdapterOptions>;

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
      readonly corsHeaders?: Readonly<Record<string, string>> | undefined;
      /** The RateLimit headers for the answer (adapter option `rateLimitHeaders`), when the call was throttled. */
      readonly rateLimitHeaders?: Readonly<Record<string, string>> | undefined;
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

/** The headers an accepted call's answer carries: CORS and RateLimit, when they apply. */
export function answerHeaders(verdict: { readonly corsHeaders?: Readonly<Record<string, string>> | undefined; readonly rateLimitHeaders?: Readonly<Record<string, string>> | undefined }) {
  const { corsHeaders, rateLimitHeaders: limits } = verdict;
  return corsHeaders === undefined ? limits : limits === undefined ? corsHeaders : { ...corsHeaders, ...limits };
}

type Accepted<S extends AnyValidationSuccess> = Extract<FetchVerdict<S>, { readonly ok: true }>;

/** Resolved guard settings, shared by the Fetch adapters and keygate/hono. */
export interface GuardSettings<Rest extends unknown[]> {
  readonly resolved: ResolvedAdapterOptions;
  readonly clientIp: ((request: Request, ...rest: Rest) => string | undefined) | undefined;
  readonly onRefused: FetchAdapterOptions['onRefused'];
}

/**
 * The guard behind createFetchGuard, withApiKey and createHonoMiddleware, on settings already
 * checked. With CORS on (validator option `cors`), a preflight is answered at once and refusals
 * carry the CORS headers; accepted calls carry them in `corsHeaders`.
 */
export function guardWith<Rest extends unknown[], S extends AnyValidationSuccess = ValidationSuccess>(
  validator: ValidatorLike<S>,
  settings: GuardSettings<Rest>,
): (request: Request, ...rest: Rest) => Promise<FetchVerdict<S>> {
  const { resolved, onRefused } = settings;
  const clientIpOf = settings.clientIp ?? ((request: Request, ...rest: Rest) => runtimeClientIp(request, rest));
  return async (request, ...rest) => {
    const clientIp = clientIpOf(request, ...rest);
    const context: { -readonly [K in keyof ValidateContext]: ValidateContext[K] } = {};
    if (clientIp !== undefined) context.clientIp = clientIp;
    if (resolved.api !== undefined) context.api = resolved.api;
    const cors = corsAnswer(validator, request, context);
    if (cors?.preflight === true) return { ok: false, preflight: true, response: new Response(null, { status: 200, headers: cors.headers }) };
    const result = await validator.validate(request, context);
    if (result.ok) {
      // The Fetch request first: @hono/node-server's headers answer `has()` from the Node request behind
      // them (env.incoming) but may hold a copy of its raw headers taken earlier, which would keep the
      // key once the Node request no longer showed it. Then that Node request, a view for handlers too.
      const forwarded = forwardedRequest(request, result, resolved.hideCredentials);
      const incoming = nodeIncomingOf(rest);
      if (incoming !== undefined) prepareNodeForward(incoming, result, resolved.hideCredentials);
      const apiKey = (result.authenticated ? result : undefined) as ApiKeyOf<S>;
      const verdict: { -readonly [K in keyof Accepted<S>]: Accepted<S>[K] } = { ok: true, apiKey, result, request: forwarded };
      if (cors !== undefined) verdict.corsHeaders = cors.headers;
      const limits = rateLimitHeaders(result.rateLimit, resolved.rateLimitHeaders);
      if (limits !== undefined) verdict.rateLimitHeaders = limits;
      return verdict;
    }
    if (onRefused !== undefined) return { ok: false, failure: result, response: withCorsHeaders(await onRefused(result, request), cors?.headers) };
    const { status, headers, body } = errorResponseParts(result, resolved.challenge, resolved.rateLimitHeaders);
    return { ok: false, failure: result, response: new Response(body, { status, headers: cors === undefined ? headers : { ...headers, ...cors.headers } }) };
  };
}

/** Checks a Fetch adapter's options once (unknown ones throw, naming `where`). */
export function guardSettings<Rest extends unknown[]>(options: FetchAdapterOptions<Rest>, known: OptionNames<object>, where: string): GuardSettings<Rest> {
  const resolved = resolveAdapterOptions(options, known, where);
  const { clientIp } = options;
  if (clientIp !== undefined && typeof clientIp !== 'function') throw new KeygateError('ERR_INVALID_OPTION', `${where}: clientIp must be a function (request, ...rest) => address`);
  return { resolved, clientIp, onRefused: refusalHook(options.onRefused, where) };
}

/**
 * Checks Fetch requests, for middleware-style frameworks: each call answers a verdict. On success
 * `request` is the request to forward (use it from then on): without the key unless
 * `hideCredentials: false`, with the backend JWT header when the validator issues one. With CORS
 * on (validator option `cors`), a preflight is answered at once and refusals carry the CORS
 * headers; add `corsHeaders` to the answer of an accepted call (`withCorsHeaders`). For Hono,
 * use `createHonoMiddleware` from `keygate/hono`, which puts that request into Hono's context.
 */
export function createFetchGuard<Rest extends unknown[] = unknown[], S extends AnyValidationSuccess = ValidationSuccess>(
  validator: ValidatorLike<S>,
  options: FetchAdapterOptions<Rest> = {},
): (request: Request, ...rest: Rest) => Promise<FetchVerdict<S>> {
  requireValidator(validator);
  return guardWith(validator, guardSettings(options, FETCH_OPTIONS, 'createFetchGuard'));
}

/**
 * Wraps a Fetch handler (Deno.serve, Bun.serve, a worker's `fetch`): refused calls get WSO2's JSON
 * error (or `onRefused`'s answer); accepted ones reach `handler` with the request to forward and the
 * verified key (`undefined` on a resource with `auth: 'none'`), then whatever the server passed
 * (Deno's `info`, Bun's `server`, a worker's `env` and `ctx`). With CORS on, preflights are
 * answered here and every answer carries the CORS headers.
 */
export function withApiKey<Rest extends unknown[], S extends AnyValidationSuccess = ValidationSuccess>(
  validator: ValidatorLike<S>,
  handler: (request: Request, apiKey: ApiKeyOf<S>, ...rest: Rest) => Response | Promise<Response>,
  options: FetchAdapterOptions<Rest> = {},
): (request: Request, ...rest: Rest) => Promise<Response> {
  requireValidator(validator);
  const guard = guardWith<Rest, S>(validator, guardSettings(options, FETCH_OPTIONS, 'withApiKey'));
  return async (request, ...rest) => {
    const verdict = await guard(request, ...rest);
    if (!verdict.ok) return verdict.response;
    const answer = handler(verdict.request, verdict.apiKey, ...rest);
    const headers = answerHeaders(verdict);
    return headers === undefined ? answer : withCorsHeaders(await answer, headers);
  };
}
