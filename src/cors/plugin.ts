import { checkOptionNames, type OptionNames } from '../options/known.js';
import type { Cors } from '../validate/plugins.js';
import { checkCors } from './check.js';
import type { CorsOptions } from './types.js';

const CORS_OPTIONS = {
  allowOrigins: true, allowMethods: true, allowHeaders: true, exposeHeaders: true, allowCredentials: true, maxAge: true,
} as const satisfies OptionNames<CorsOptions>;

/**
 * CORS, for validator option `cors`, as WSO2's gateway does it (`createCors()` gives WSO2's
 * defaults): the adapters answer preflights (`OPTIONS` with `Origin` and
 * `Access-Control-Request-Method`) before authentication, and add `Access-Control-Allow-Origin`
 * and `Vary: Origin` to every answer for an allowed origin, refusals included. An API's own `cors`
 * replaces these settings (`false`: off for it). The API's key header is always an allowed
 * header. Bad settings (here, or an API's) throw KeygateError `ERR_INVALID_OPTION`, as does
 * `allowCredentials` with the origin `*`.
 */
export function createCors(options: CorsOptions = {}): Cors {
  checkCors(options, 'createCors options');
  checkOptionNames(options, CORS_OPTIONS, 'createCors');
  return {
    createPolicy(api, keyHeader) {
      const own = api.cors;
      if (own === false) return undefined;
      if (own !== undefined) {
        const at = `apis[${JSON.stringify(api.name)}].cors`;
        checkCors(own, at);
        checkOptionNames(own, CORS_OPTIONS, at);
      }
      return Object.freeze({ options: own ?? options, keyHeader });
    },
  };
}
