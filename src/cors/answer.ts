import { headerValue } from '../validate/request.js';
import type { RequestLike, ValidateContext, Validator } from '../validate/types.js';
import type { CorsPolicy } from './types.js';

/** What CORS asks of the answer to one request from a browser. */
export interface CorsAnswer {
  /**
   * A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`): answer it at once,
   * 200 with `headers`, before any authentication (it never carries a key).
   */
  readonly preflight: boolean;
  /**
   * The headers for the answer: the preflight's, or the ones every answer to this request carries,
   * refusals included, so the page can read them. Only `Vary: Origin` for an origin not allowed.
   */
  readonly headers: Readonly<Record<string, string>>;
}

// WSO2's defaults (CORSRequestHandler).
const DEFAULT_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'];
const DEFAULT_HEADERS = ['authorization', 'Access-Control-Allow-Origin', 'Content-Type', 'SOAPAction', 'apikey', 'Internal-Key'];
// Not WSO2's (it exposes none): the budget headers the adapters send, which a page cannot read unless exposed.
const DEFAULT_EXPOSED = ['RateLimit', 'RateLimit-Policy', 'Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

interface CompiledCors {
  /** Allowed origins, lower-case; undefined for any origin (`*`). */
  readonly origins: ReadonlySet<string> | undefined;
  /** Added to answers for an allowed origin: credentials and exposed headers. */
  readonly response: Readonly<Record<string, string>>;
  /** Added to preflight answers for an allowed origin: methods, headers, max age. */
  readonly preflight: Readonly<Record<string, string>>;
}

const VARY_ONLY: Readonly<Record<string, string>> = Object.freeze({ vary: 'Origin' });
const compiledPolicies = new WeakMap<CorsPolicy, CompiledCors>();

function compile({ options, keyHeader }: CorsPolicy): CompiledCors {
  const origins = options.allowOrigins ?? ['*'];
  const response: Record<string, string> = {};
  if (options.allowCredentials === true) response['access-control-allow-credentials'] = 'true';
  const exposed = options.exposeHeaders ?? DEFAULT_EXPOSED;
  if (exposed.length > 0) response['access-control-expose-headers'] = exposed.join(', ');
  const headers = [...(options.allowHeaders ?? DEFAULT_HEADERS)];
  if (!headers.some((h) => h.toLowerCase() === keyHeader.toLowerCase())) headers.push(keyHeader);
  const preflight: Record<string, string> = {
    ...response,
    'access-control-allow-methods': (options.allowMethods ?? DEFAULT_METHODS).join(', '),
    'access-control-allow-headers': headers.join(', '),
  };
  if (options.maxAge !== undefined) preflight['access-control-max-age'] = String(options.maxAge);
  return {
    origins: origins.includes('*') ? undefined : new Set(origins.map((o) => o.toLowerCase())),
    response,
    preflight,
  };
}

/**
 * The CORS headers for an answer to a request from `origin`. The allowed origin sent back is the
 * configured one (`*`, or the list's entry), never the request's own text; an origin not listed
 * gets no `Access-Control-Allow-Origin`.
 */
export function corsHeaders(policy: CorsPolicy, origin: string, preflight: boolean): Readonly<Record<string, string>> {
  let compiled = compiledPolicies.get(policy);
  if (compiled === undefined) compiledPolicies.set(policy, (compiled = compile(policy)));
  const lower = origin.toLowerCase();
  const allowed = compiled.origins === undefined ? '*' : compiled.origins.has(lower) ? lower : undefined;
  if (allowed === undefined) return VARY_ONLY;
  return { 'access-control-allow-origin': allowed, vary: 'Origin', ...(preflight ? compiled.preflight : compiled.response) };
}

/**
 * What CORS asks of the answer to `request` (see CorsAnswer), or `undefined` when it has no
 * `Origin` or its API has no CORS: then nothing changes. For adapters, which call it before
 * `validate` and answer preflights themselves.
 */
export function corsAnswer(
  validator: Partial<Pick<Validator, 'cors'>>,
  request: RequestLike,
  context?: ValidateContext,
): CorsAnswer | undefined {
  const origin = headerValue(request.headers, 'origin');
  if (origin === undefined || typeof validator.cors !== 'function') return undefined;
  const policy = validator.cors(request, context);
  if (policy === undefined) return undefined;
  const preflight = request.method === 'OPTIONS' && headerValue(request.headers, 'access-control-request-method') !== undefined;
  return { preflight, headers: corsHeaders(policy, origin, preflight) };
}
