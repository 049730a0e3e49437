import type { Context, MiddlewareHandler } from 'hono';
import { answerHeaders, FETCH_OPTIONS, guardSettings, guardWith, withCorsHeaders, type FetchAdapterOptions } from '../adapters/fetch.js';
import { passesUnguarded, requireValidator, type ApiKeyOf, type MiddlewareOptions, type ValidatorLike } from '../adapters/options.js';
import type { OptionNames } from '../options/known.js';
import type { AnyValidationSuccess, ValidationSuccess } from '../validate/types.js';

/**
 * The Hono environment the middleware sets: `c.get('apiKey')` is the verified key (`K` is
 * `ValidationSuccess | undefined` for validators with `resources`, where calls to resources with
 * `auth: 'none'` carry none).
 */
export interface ApiKeyEnv<K extends ValidationSuccess | undefined = ValidationSuccess> {
  Variables: { apiKey: K };
}

/**
 * Options of `createHonoMiddleware`: those of every adapter, `otherPaths`, `onRefused` (its
 * Response is returned instead of WSO2's JSON error), and `clientIp(request, env)` for where the
 * caller's address comes from (default: @hono/node-server's `env.incoming`, Bun's
 * `server.requestIP`, Deno's `info.remoteAddr`; on workers say which header to trust).
 */
export interface HonoMiddlewareOptions extends FetchAdapterOptions<[env: unknown]>, MiddlewareOptions {}

const HONO_OPTIONS = { ...FETCH_OPTIONS, otherPaths: true } as const satisfies OptionNames<HonoMiddlewareOptions>;

/**
 * Hono middleware: a refused call is answered with WSO2's JSON error. An accepted one goes on
 * with `c.get('apiKey')` set and `c.req.raw` **replaced** by the request to forward: without the
 * key (header and query parameter, so `c.req.header()`, `c.req.url`, `c.req.query()` and a proxy
 * forwarding `c.req.raw` never see it) and with the backend JWT in its header, replacing whatever
 * the client sent under that name. With CORS on (validator option `cors`), it answers preflights
 * before authentication and adds the CORS headers to every answer. `hono` is needed for types only.
 */
export function createHonoMiddleware<S extends AnyValidationSuccess = ValidationSuccess>(
  validator: ValidatorLike<S>,
  options: HonoMiddlewareOptions = {},
): MiddlewareHandler<ApiKeyEnv<ApiKeyOf<S>>> {
  requireValidator(validator);
  const settings = guardSettings(options, HONO_OPTIONS, 'createHonoMiddleware');
  const guard = guardWith<[env: unknown], S>(validator, settings);
  return async (c, next) => {
    // The original request goes in: Bun's requestIP knows only the request it received.
    const verdict = await guard(c.req.raw, c.env);
    if (verdict.ok) {
      c.req.raw = verdict.request;
      if (verdict.apiKey !== undefined) c.set('apiKey', verdict.apiKey);
    } else if (verdict.failure === undefined || !passesUnguarded(settings.resolved, verdict.failure, validator, new URL(c.req.raw.url).pathname)) {
      return verdict.response;
    }
    await next();
    const headers = verdict.ok ? answerHeaders(verdict) : undefined;
    if (headers !== undefined) {
      const answer = withCorsHeaders(c.res, headers);
      if (answer !== c.res) {
        // A copy (the handler's Response was immutable): Hono's setter would merge the old headers over it.
        c.res = undefined;
        c.res = answer;
      }
    }
    return undefined;
  };
}

/**
 * The verified key `createHonoMiddleware` put on a context, typed, whatever the app's own
 * environment type; `undefined` when none was verified.
 */
export function apiKeyOf(c: Context): ValidationSuccess | undefined {
  const value: unknown = (c.get as (key: string) => unknown)('apiKey');
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === true ? (value as ValidationSuccess) : undefined;
}
