import type { Cors } from '../validate/plugins.js';
import { checkCors } from './check.js';
import type { CorsOptions } from './types.js';

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
  return {
    createPolicy(api, keyHeader) {
      const own = api.cors;
      if (own === false) return undefined;
      if (own !== undefined) checkCors(own, `apis[${JSON.stringify(api.name)}].cors`);
      return Object.freeze({ options: own ?? options, keyHeader });
    },
  };
}
