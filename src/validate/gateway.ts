import type { AuditHook } from '../audit/types.js';
import { createBackendJwtGenerator, type BackendJwtGenerator } from '../backend-jwt/generator.js';
import type { BackendJwtContext } from '../backend-jwt/types.js';
import { KeygateError } from '../errors.js';
import { createMemoryRateLimiter } from '../throttle/memory-limiter.js';
import { resolveTiers } from '../throttle/tiers.js';
import type { ValidatorConfig } from './config.js';
import { failure } from './failures.js';
import { checkThrottle, type ThrottleConfig } from './throttle.js';
import type { ValidationFailure, ValidationSuccess, ValidatorOptions } from './types.js';
import { createTokenVerifier, type TokenVerifier } from './verify-cached.js';

/** The gateway features of a validator (cache, throttling, backend JWT, audit), resolved once. */
export interface Gateway {
  readonly verifier: TokenVerifier;
  readonly throttle: ThrottleConfig | undefined;
  readonly backendJwt: BackendJwtGenerator | undefined;
  readonly onResult: AuditHook | undefined;
  /** Stops listening to the revocation store. */
  close(): void;
}

/** What an accepted call adds to its result after the subscription check. */
export type SuccessExtras = Pick<ValidationSuccess, 'quotaExceeded' | 'rateLimit' | 'backendJwt' | 'backendJwtHeader'>;

function limiterOf(option: ValidatorOptions['rateLimiter'], now: () => number): ThrottleConfig['limiter'] | undefined {
  if (option === false) return undefined;
  if (option === undefined) return createMemoryRateLimiter({ now });
  if (typeof option?.consume !== 'function') throw new KeygateError('ERR_INVALID_OPTION', 'rateLimiter must be a RateLimiter or false');
  return option;
}

/** Misconfiguration throws here, at createValidator time. */
export function resolveGateway(options: ValidatorOptions, config: ValidatorConfig): Gateway {
  const verifier = createTokenVerifier(config, options.cache, config.now);
  const limiter = limiterOf(options.rateLimiter, config.now);
  const tiers = resolveTiers(options.tiers);
  const backendJwt = options.backendJwt === undefined ? undefined : createBackendJwtGenerator(options.backendJwt, config.now);
  if (options.onResult !== undefined && typeof options.onResult !== 'function') {
    throw new KeygateError('ERR_INVALID_OPTION', 'onResult must be a function');
  }
  // A revocation is refused on the next call anyway (checked every time); evicting frees memory
  // and drops the backend JWTs minted for the key.
  const unsubscribe = config.revocations.onRevoke?.((jti) => {
    verifier.evict(jti);
    backendJwt?.evict(jti);
  });
  return {
    verifier,
    throttle: limiter === undefined ? undefined : { tiers, limiter },
    backendJwt,
    onResult: options.onResult,
    close: () => unsubscribe?.(),
  };
}

/** Throttling, then the backend JWT: the steps after the subscription check. */
export async function afterSubscription(gateway: Gateway, ctx: BackendJwtContext): Promise<SuccessExtras | ValidationFailure> {
  let extras: SuccessExtras = {};
  if (gateway.throttle !== undefined) {
    const outcome = await checkThrottle(gateway.throttle, ctx.claims, ctx.api, ctx.subscription);
    if ('ok' in outcome) return outcome;
    if (outcome.rateLimit !== undefined) extras = { rateLimit: outcome.rateLimit };
    if (outcome.quotaExceeded) extras = { ...extras, quotaExceeded: true };
  }
  if (gateway.backendJwt !== undefined) {
    let jwt: string;
    try {
      jwt = await gateway.backendJwt.generate(ctx);
    } catch {
      // The upstream relies on the JWT: without one the call must not go through.
      return failure('internal_error', 'The gateway could not sign the backend JWT');
    }
    extras = { ...extras, backendJwt: jwt, backendJwtHeader: gateway.backendJwt.header };
  }
  return extras;
}
