import type { KeyType } from '../claims/types.js';
import type { CorsOptions } from '../cors/types.js';

/**
 * WSO2 API Manager's API lifecycle states. `PUBLISHED` and `DEPRECATED` APIs are served
 * (deprecated ones keep serving their existing subscriptions); a `BLOCKED` API answers 503
 * (700700, "API blocked"); `CREATED`, `PROTOTYPED` and `RETIRED` APIs are not served (404).
 */
export type ApiStatus = 'CREATED' | 'PROTOTYPED' | 'PUBLISHED' | 'BLOCKED' | 'DEPRECATED' | 'RETIRED';

/**
 * One resource of an API, as in WSO2's API definitions: a URI template below the API's base path
 * and the HTTP methods it serves.
 */
export interface ApiResource {
  /**
   * WSO2's URI template: `/menu`, `/order/{orderId}`, `/menu/{id}.json` (one `{name}` per segment,
   * with optional literal text around it), `/*` or `/order/*` (the rest of the path, also nothing).
   * A literal segment wins over a `{name}` one, and both over `*`.
   */
  readonly path: string;
  /** Methods it serves (`GET`, `POST`...; compared upper-case). Another method gets 405 with `Allow`. */
  readonly methods: readonly string[];
  /**
   * `apiKey` (default): calls need a key. `none` (WSO2's "security: none"): calls need no key and
   * are throttled by client address under the `Unauthenticated` tier when throttling is on.
   */
  readonly auth?: 'apiKey' | 'none' | undefined;
  /** Resource-level throttling tier: counted per resource and method, across all callers (WSO2's resource level). */
  readonly tier?: string | undefined;
}

/** An API the validator protects. */
export interface ApiDefinition {
  readonly name: string;
  /** The API's context, for example `/pizzashack`. Subscriptions refer to it. */
  readonly context: string;
  readonly version: string;
  /**
   * The request path prefix that selects this API. Defaults to `context` followed by `/version`
   * (WSO2's `/pizzashack/1.0.0`); a `{version}` placeholder in `context` is replaced instead.
   */
  readonly basePath?: string | undefined;
  /** Per-API key header, as WSO2's "API Key header" setting (default: the validator's `header`). */
  readonly header?: string | undefined;
  /** Per-API `authScheme` (default: the validator's); `false` turns it off for this API. */
  readonly authScheme?: string | false | undefined;
  /**
   * Lifecycle state (default `PUBLISHED`). `DEPRECATED` is served too; `BLOCKED` answers 503
   * (700700, "API blocked"); `CREATED`, `PROTOTYPED` and `RETIRED` are not served (404, 900906).
   */
  readonly status?: ApiStatus | undefined;
  /**
   * Key types this deployment serves (default both). A key of another type is refused (401,
   * 900901, reason `wrong_key_type`), as WSO2 refuses a sandbox key on a production-only API.
   */
  readonly keyTypes?: readonly KeyType[] | undefined;
  /**
   * WSO2's resources: when given, the path below the base path must match one (404 otherwise) and
   * its method (405 with `Allow` otherwise). Needs the validator option `resources:
   * createResourceMatcher()` from keygate/gateway.
   */
  readonly resources?: readonly ApiResource[] | undefined;
  /**
   * CORS for this API, instead of the validator's `cors` settings; `false` turns it off for this
   * API. Needs the validator option `cors: createCors()` from keygate/gateway.
   */
  readonly cors?: CorsOptions | false | undefined;
  /**
   * WSO2's API-level throttling policy: one quota for all callers of this API (429, 900800). Counted
   * when the validator throttles (`throttle: createThrottle()`).
   */
  readonly tier?: string | undefined;
  /**
   * WSO2's hard limit ("backend throughput"): the most calls per second the backend takes, per
   * environment, for all callers together; over it, 503 (900801). Counted when the validator throttles.
   */
  readonly maxTps?: { readonly production?: number | undefined; readonly sandbox?: number | undefined } | undefined;
}
