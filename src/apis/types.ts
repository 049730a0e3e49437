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
