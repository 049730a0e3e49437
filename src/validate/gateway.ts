import type { ValidatorConfig } from './config.js';
import { failure } from './failures.js';
import { isPromiseLike } from './maybe-promise.js';
import type {
  AcceptedCall,
  AuditRecorder,
  BackendJwtSigner,
  PluginContext,
  ResourceRouter,
  RestrictionCheck,
  ThrottleCheck,
  ThrottleOutcome,
  TokenVerifier,
  UsageRecorder,
} from './plugins.js';
import type { ValidationFailure, ValidationSuccess, ValidatorOptions } from './types.js';
import { refuseRestricted } from './unchecked-restrictions.js';
import { verifyToken, verifyUncached } from './verify-token.js';

/** The gateway features of a validator (cache, restrictions, throttling, backend JWT, audit), built once from its plugins. */
export interface Gateway {
  readonly verifier: TokenVerifier;
  readonly restrictions: RestrictionCheck;
  readonly throttle: ThrottleCheck | undefined;
  readonly backendJwt: BackendJwtSigner | undefined;
  /** Matches the resources of the APIs that have them (resolveConfig made sure it is there then). */
  readonly route: ResourceRouter | undefined;
  readonly record: AuditRecorder | undefined;
  /** Notes each accepted call's key (option `lastUsed`). */
  readonly used: UsageRecorder | undefined;
  /** Stops listening to the revocation store. */
  close(): void;
}

/** What an accepted call adds to its result after the subscription check. */
export type SuccessExtras = Pick<ValidationSuccess, 'quotaExceeded' | 'rateLimit' | 'rateLimits' | 'backendJwt' | 'backendJwtHeader'>;

/** Builds the plugins into this validator (their option checks ran in resolveConfig). */
export function resolveGateway(options: ValidatorOptions, config: ValidatorConfig): Gateway {
  const context: PluginContext = { keys: config.keys, now: config.now, maxKeyLength: config.maxKeyLength, apis: options.apis };
  // Without a cache every call runs the signature check.
  const verifier: TokenVerifier = options.cache?.createVerifier((token) => verifyToken(token, config), context) ?? {
    verify: (token) => verifyUncached(token, config),
    evict() {},
    stats: () => ({}),
  };
  const backendJwt = options.backendJwt?.createSigner(context);
  const throttle = options.throttle?.createCheck(context);
  // A revocation is refused on the next call anyway (checked every time); evicting frees memory
  // and drops the backend JWTs minted for the key.
  const unsubscribe = config.revocations.onRevoke?.((jti) => {
    verifier.evict(jti);
    backendJwt?.evict(jti);
  });
  return {
    verifier,
    // Without the plugin, keys that carry a restriction are refused.
    restrictions: options.restrictions?.createCheck(context) ?? refuseRestricted,
    throttle,
    backendJwt,
    route: options.resources?.createRouter(config.apis.withResources, {
      clientIp: config.clientIp,
      throttle,
      header: config.header,
      authScheme: config.authScheme,
      queryParam: config.queryParam,
      backendJwtHeader: backendJwt?.header,
    }),
    record: options.audit?.createRecorder(context),
    used: options.lastUsed?.createUsageRecorder(context),
    close: () => unsubscribe?.(),
  };
}

/** Whether any step runs after the subscription check. */
export function hasExtras(gateway: Gateway): boolean {
  return gateway.throttle !== undefined || gateway.backendJwt !== undefined;
}

/**
 * Throttling, then the backend JWT: the steps after the subscription check. Answers at once when
 * the throttle does and no JWT is signed (no promise hop).
 */
export function afterSubscription(gateway: Gateway, call: AcceptedCall): SuccessExtras | ValidationFailure | Promise<SuccessExtras | ValidationFailure> {
  const outcome = gateway.throttle?.(call);
  return isPromiseLike(outcome) ? outcome.then((o) => withBackendJwt(gateway, call, o)) : withBackendJwt(gateway, call, outcome);
}

// The throttle's outcome is what it adds to the result.
function withBackendJwt(gateway: Gateway, call: AcceptedCall, extras: ThrottleOutcome | ValidationFailure = {}) {
  if ('ok' in extras) return extras;
  return gateway.backendJwt === undefined ? extras : signed(gateway.backendJwt, call, extras);
}

async function signed(signer: BackendJwtSigner, call: AcceptedCall, extras: SuccessExtras): Promise<SuccessExtras | ValidationFailure> {
  let jwt: string;
  try {
    jwt = await signer.generate(call);
  } catch {
    // The upstream relies on the JWT: without one the call must not go through.
    return failure('internal_error', 'The gateway could not sign the backend JWT');
  }
  return { ...extras, backendJwt: jwt, backendJwtHeader: signer.header };
}
