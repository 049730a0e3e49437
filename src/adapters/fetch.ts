import { KeygateError } from '../errors.js';
import type { OptionNames } from '../options/known.js';
import type { ValidateContext, ValidationFailure, ValidationSuccess } from '../validate/types.js';
import { runtimeClientIp } from './client-ip.js';
import { errorResponseParts } from './error-response.js';
import { forwardedRequest } from './forward.js';
import { ADAPTER_OPTIONS, refusalHook, requireValidator, resolveAdapterOptions, type AdapterOptions, type ResolvedAdapterOptions, type ValidatorLike } from './options.js';

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

/** The verdict on one Fetch request: the verified key and the request to pass on, or the answer to send. */
export type FetchVerdict =
  | { readonly ok: true; readonly apiKey: ValidationSuccess; readonly request: Request }
  | { readonly ok: false; readonly failure: ValidationFailure; readonly response: Response };

/** Resolved guard settings, shared by the Fetch adapters and keygate/hono. */
export interface GuardSettings<Rest extends unknown[]> {
  readonly resolved: ResolvedAdapterOptions;
  readonly clientIp: ((request: Request, ...rest: Rest) => string | undefined) | undefined;
  readonly onRefused: FetchAdapterOptions['onRefused'];
}

/** The guard behind createFetchGuard, withApiKey and createHonoMiddleware, on settings already checked. */
export function guardWith<Rest extends unknown[]>(validator: ValidatorLike, settings: GuardSettings<Rest>): (request: Request, ...rest: Rest) => Promise<FetchVerdict> {
  const { resolved, onRefused } = settings;
  const clientIpOf = settings.clientIp ?? ((request: Request, ...rest: Rest) => runtimeClientIp(request, rest));
  return async (request, ...rest) => {
    const clientIp = clientIpOf(request, ...rest);
    const context: { -readonly [K in keyof ValidateContext]: ValidateContext[K] } = {};
    if (clientIp !== undefined) context.clientIp = clientIp;
    if (resolved.api !== undefined) context.api = resolved.api;
    const result = await validator.validate(request, context);
    if (result.ok) return { ok: true, apiKey: result, request: forwardedRequest(request, result, resolved.hideCredentials) };
    if (onRefused !== undefined) return { ok: false, failure: result, response: await onRefused(result, request) };
    const { status, headers, body } = errorResponseParts(result, resolved.challenge);
    return { ok: false, failure: result, response: new Response(body, { status, headers }) };
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
 * `hideCredentials: false`, with the backend JWT header when the validator issues one. For Hono,
 * use `createHonoMiddleware` from `keygate/hono`, which puts that request into Hono's context.
 */
export function createFetchGuard<Rest extends unknown[] = unknown[]>(
  validator: ValidatorLike,
  options: FetchAdapterOptions<Rest> = {},
): (request: Request, ...rest: Rest) => Promise<FetchVerdict> {
  requireValidator(validator);
  return guardWith(validator, guardSettings(options, FETCH_OPTIONS, 'createFetchGuard'));
}

/**
 * Wraps a Fetch handler (Deno.serve, Bun.serve, a worker's `fetch`): refused calls get WSO2's JSON
 * error (or `onRefused`'s answer); accepted ones reach `handler` with the request to forward and the
 * verified key, then whatever the server passed (Deno's `info`, Bun's `server`, a worker's `env` and `ctx`).
 */
export function withApiKey<Rest extends unknown[]>(
  validator: ValidatorLike,
  handler: (request: Request, apiKey: ValidationSuccess, ...rest: Rest) => Response | Promise<Response>,
  options: FetchAdapterOptions<Rest> = {},
): (request: Request, ...rest: Rest) => Promise<Response> {
  requireValidator(validator);
  const guard = guardWith(validator, guardSettings(options, FETCH_OPTIONS, 'withApiKey'));
  return async (request, ...rest) => {
    const verdict = await guard(request, ...rest);
    return verdict.ok ? handler(verdict.request, verdict.apiKey, ...rest) : verdict.response;
  };
}
