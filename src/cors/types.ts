/**
 * CORS settings (validator option `cors`, or an API's `cors`), as WSO2's gateway applies them
 * before authentication. `{}` gives WSO2's defaults.
 */
export interface CorsOptions {
  /**
   * Origins allowed to call, as browsers send them (`https://app.example.com`, no path), or `['*']`
   * (default) for any origin. An origin not listed never gets `Access-Control-Allow-Origin`.
   */
  readonly allowOrigins?: readonly string[] | undefined;
  /** Default WSO2's `GET, PUT, POST, DELETE, PATCH, OPTIONS`. */
  readonly allowMethods?: readonly string[] | undefined;
  /**
   * Request headers a browser may send. Default WSO2's `authorization, Access-Control-Allow-Origin,
   * Content-Type, SOAPAction, apikey, Internal-Key`; the API's key header is always added.
   */
  readonly allowHeaders?: readonly string[] | undefined;
  /**
   * Response headers a page may read. Default: the rate-limit headers the adapters send (`RateLimit`,
   * `RateLimit-Policy`, `Retry-After`, `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset`);
   * `[]` for none, as WSO2.
   */
  readonly exposeHeaders?: readonly string[] | undefined;
  /** Send `Access-Control-Allow-Credentials: true` (default `false`); needs a list of origins, never `*`. */
  readonly allowCredentials?: boolean | undefined;
  /** Seconds a browser may cache a preflight's answer (`Access-Control-Max-Age`; default: not sent). */
  readonly maxAge?: number | undefined;
}

/** The CORS settings of one API, as a validator resolved them (see `Validator.cors`). */
export interface CorsPolicy {
  readonly options: CorsOptions;
  /** The header this API reads the key from: always an allowed request header. */
  readonly keyHeader: string;
}
