import { apiBasePath } from '../apis/compile.js';
import { KeygateError } from '../errors.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import type {
  AnyValidationSuccess,
  ApiDefinition,
  RequestLike,
  UnauthenticatedSuccess,
  ValidateContext,
  ValidationFailure,
  ValidationResult,
  ValidationSuccess,
  Validator,
} from '../validate/types.js';
import { challengeFor, DEFAULT_REALM } from './error-response.js';
import { checkRateLimitHeaderStyle, type RateLimitHeaderStyle } from './rate-limit-headers.js';

/**
 * What adapters need of a validator: `createValidator`'s result, or your own (tests, wrappers).
 * Without `cors`, the adapters do no CORS; without `apis`, `otherPaths: 'pass'` passes nothing.
 * `S`: its kind of success (see SuccessOf).
 */
export interface ValidatorLike<S extends AnyValidationSuccess = ValidationSuccess> extends Partial<Pick<Validator, 'cors' | 'apis'>> {
  validate(request: RequestLike, context?: ValidateContext): Promise<ValidationResult<S>>;
}

/**
 * The verified key adapters hand on for a validator answering `S`: ValidationSuccess, or also
 * `undefined` (a call to a resource that needs no key) for validators with `resources`.
 */
export type ApiKeyOf<S extends AnyValidationSuccess> = S extends UnauthenticatedSuccess ? undefined : S;

/** Options every adapter (Fetch, Connect/Express, Fastify, Hono) accepts. */
export interface AdapterOptions {
  /**
   * Remove the API key (its header and its query parameter) from the request before your handler
   * sees it, as WSO2's gateway does before forwarding, so a proxy never leaks it upstream. Default `true`.
   */
  readonly hideCredentials?: boolean | undefined;
  /** Realm of the `WWW-Authenticate` challenge sent with 401 answers (default `keygate`). */
  readonly realm?: string | undefined;
  /** Name (or context) of the API this handler serves, instead of matching the request path. */
  readonly api?: string | undefined;
  /**
   * The rate-limit headers sent on accepted calls and 429s, for the throttling level with the fewest
   * calls left: `'ietf'` (default: `RateLimit-Policy` and `RateLimit`, draft-ietf-httpapi-ratelimit-headers),
   * `'x-ratelimit'` (`X-RateLimit-Limit`, `-Remaining`, `-Reset`) or `false`. `Retry-After` is sent either way.
   */
  readonly rateLimitHeaders?: RateLimitHeaderStyle | undefined;
}

/** Options of the middleware-style adapters (Connect/Express, Fastify, Hono), which can let a request go on unguarded. */
export interface MiddlewareOptions extends AdapterOptions {
  /**
   * A request whose path matches none of the validator's APIs: `'refuse'` it (404 `900906`, the
   * default) or `'pass'` it on untouched, without `apiKey`, to the routes keygate does not guard
   * (health checks, the framework's own 404). A path that URL parsing would rewrite is refused either way.
   */
  readonly otherPaths?: 'refuse' | 'pass' | undefined;
}

/** Adapter options checked once, when the adapter is built. */
export interface ResolvedAdapterOptions {
  readonly hideCredentials: boolean;
  readonly challenge: string;
  readonly api: string | undefined;
  readonly passOtherPaths: boolean;
  readonly rateLimitHeaders: RateLimitHeaderStyle;
}

export const ADAPTER_OPTIONS = { hideCredentials: true, realm: true, api: true, rateLimitHeaders: true } as const satisfies OptionNames<AdapterOptions>;
export const MIDDLEWARE_OPTIONS = { ...ADAPTER_OPTIONS, otherPaths: true } as const satisfies OptionNames<MiddlewareOptions>;

/** Checks an adapter's options once; `known` lists the names that adapter takes (unknown ones throw). */
export function resolveAdapterOptions(options: MiddlewareOptions, known: OptionNames<object>, where: string): ResolvedAdapterOptions {
  checkOptionNames(options, known, where);
  const { otherPaths = 'refuse', hideCredentials = true } = options;
  if (otherPaths !== 'refuse' && otherPaths !== 'pass') throw new KeygateError('ERR_INVALID_OPTION', `${where}: otherPaths must be "refuse" or "pass"`);
  if (typeof hideCredentials !== 'boolean') throw new KeygateError('ERR_INVALID_OPTION', `${where}: hideCredentials must be true or false`);
  if (options.api !== undefined && (typeof options.api !== 'string' || options.api.length === 0)) {
    throw new KeygateError('ERR_INVALID_OPTION', `${where}: api must be a non-empty string`);
  }
  return {
    hideCredentials,
    challenge: challengeFor(options.realm ?? DEFAULT_REALM),
    api: options.api,
    passOtherPaths: otherPaths === 'pass',
    rateLimitHeaders: checkRateLimitHeaderStyle(options.rateLimitHeaders, where),
  };
}

/**
 * Whether the adapter lets a refused request pass as another part of the app: with `otherPaths:
 * 'pass'`, an `unknown_api` whose path (as sent, `undefined` if unreadable) is under no API's base
 * path however a router reads it. Never a path of an API that is not deployed, one an API matches in
 * other letter case (Express ignores case) or with escapes decoded (Fastify, Hono), nor a call for a
 * named `api` the validator does not know.
 */
export function passesUnguarded(options: ResolvedAdapterOptions, failure: ValidationFailure, validator: ValidatorLike<AnyValidationSuccess>, path: string | undefined): boolean {
  if (!options.passOtherPaths || options.api !== undefined || failure.reason !== 'unknown_api' || path === undefined || validator.apis === undefined) return false;
  const read = routersRead(path);
  return read !== undefined && !basesOf(validator.apis).some(
    (base) => base === '/' || (read.startsWith(base) && (read.length === base.length || read.charCodeAt(base.length) === 0x2f)),
  );
}

/** The APIs' base paths read as routers read them; worked out once for a frozen list (a validator's). */
const readBases = new WeakMap<readonly ApiDefinition[], readonly string[]>();
function basesOf(apis: readonly ApiDefinition[]): readonly string[] {
  let bases = readBases.get(apis);
  if (bases === undefined) {
    // A base path that cannot be read so counts as `/`: nothing passes near it.
    bases = apis.map((api) => routersRead(apiBasePath(api)) ?? '/');
    if (Object.isFrozen(apis)) readBases.set(apis, bases);
  }
  return bases;
}

/** A path as the loosest router reads it: escapes decoded, letter case and repeated slashes ignored. */
function routersRead(path: string): string | undefined {
  try {
    return decodeURIComponent(path).toLowerCase().replace(/\/{2,}/g, '/');
  } catch {
    return undefined;
  }
}

/** A refusal hook, checked at construction. */
export function refusalHook<F extends (...args: never[]) => unknown>(hook: F | undefined, where: string): F | undefined {
  if (hook !== undefined && typeof hook !== 'function') throw new KeygateError('ERR_INVALID_OPTION', `${where}: onRefused must be a function`);
  return hook;
}

/** Adapters are built at startup: a wrong argument throws there, not on the first request. */
export function requireValidator<V extends ValidatorLike<AnyValidationSuccess>>(validator: V): V {
  if (typeof (validator as { validate?: unknown } | null)?.validate !== 'function') {
    throw new KeygateError('ERR_INVALID_OPTION', 'the adapter needs a Validator (see createValidator)');
  }
  return validator;
}
