import { KeygateError } from '../errors.js';
import type {
  AnyValidationSuccess,
  RequestLike,
  UnauthenticatedSuccess,
  ValidateContext,
  ValidationResult,
  ValidationSuccess,
  Validator,
} from '../validate/types.js';
import { challengeFor, DEFAULT_REALM } from './error-response.js';

/**
 * What adapters need of a validator: `createValidator`'s result, or your own (tests, wrappers).
 * Without `cors`, the adapters do no CORS. `S`: its kind of success (see SuccessOf).
 */
export interface ValidatorLike<S extends AnyValidationSuccess = ValidationSuccess> extends Partial<Pick<Validator, 'cors'>> {
  validate(request: RequestLike, context?: ValidateContext): Promise<ValidationResult<S>>;
}

/**
 * The verified key adapters hand on for a validator answering `S`: ValidationSuccess, or also
 * `undefined` (a call to a resource that needs no key) for validators with `resources`.
 */
export type ApiKeyOf<S extends AnyValidationSuccess> = S extends UnauthenticatedSuccess ? undefined : S;

/** Options every adapter (Fetch, Connect/Express, Fastify) accepts. */
export interface AdapterOptions {
  /**
   * Remove the API key (its header and its query parameter) from the request before your handler
   * sees it, as WSO2's gateway does before forwarding, so a proxy never leaks it upstream. Default `true`.
   */
  readonly hideCredentials?: boolean;
  /** Realm of the `WWW-Authenticate` challenge sent with 401 answers (default `keygate`). */
  readonly realm?: string;
  /** Name (or context) of the API this handler serves, instead of matching the request path. */
  readonly api?: string;
}

/** Adapter options checked once, when the adapter is built. */
export interface ResolvedAdapterOptions {
  readonly hideCredentials: boolean;
  readonly challenge: string;
  readonly api: string | undefined;
}

export function resolveAdapterOptions(options: AdapterOptions = {}): ResolvedAdapterOptions {
  return {
    hideCredentials: options.hideCredentials !== false,
    challenge: challengeFor(options.realm ?? DEFAULT_REALM),
    api: options.api,
  };
}

/** Adapters are built at startup: a wrong argument throws there, not on the first request. */
export function requireValidator<V extends ValidatorLike<AnyValidationSuccess>>(validator: V): V {
  if (typeof (validator as { validate?: unknown } | null)?.validate !== 'function') {
    throw new KeygateError('ERR_INVALID_OPTION', 'the adapter needs a Validator (see createValidator)');
  }
  return validator;
}
