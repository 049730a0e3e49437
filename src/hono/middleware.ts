import type { Context, MiddlewareHandler } from 'hono';
import { createFetchGuard, withCorsHeaders, type FetchAdapterOptions } from '../adapters/fetch.js';
import type { ApiKeyOf, ValidatorLike } from '../adapters/options.js';
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
 * Options of `createHonoMiddleware`: those of every adapter, and `clientIp(request, env)` for
 * where the caller's address comes from (default: @hono/node-server's `env.incoming`, Bun's
 * `server.requestIP`, Deno's `info.remoteAddr`; on workers say which header to trust).
 */
export type HonoMiddlewareOptions = FetchAdapterOptions<[env: unknown]>;

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
  const guard = createFetchGuard<[env: unknown], S>(validator, options);
  return async (c, next) => {
    // The original request goes in: Bun's requestIP knows only the request it received.
    const verdict = await guard(c.req.raw, c.env);
    if (!verdict.ok) return verdict.response;
    c.req.raw = verdict.request;
    if (verdict.apiKey !== undefined) c.set('apiKey', verdict.apiKey);
    await next();
    if (verdict.corsHeaders !== undefined) {
      const answer = withCorsHeaders(c.res, verdict.corsHeaders);
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
