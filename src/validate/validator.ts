import type { ApiResource } from '../apis/types.js';
import type { CompiledApi } from '../apis/compile.js';
import { isKeygateError } from '../errors.js';
import { checkApplication, checkKeyType, checkLifetime, checkRevoked, checkSubscription, lookUpStores } from './checks.js';
import { isPromiseLike } from './maybe-promise.js';
import { resolveConfig, type ValidatorConfig } from './config.js';
import { ambiguousPath, failure, withCause } from './failures.js';
import { extractKey, requestUrl } from './request.js';
import { pathIfCanonical, plainRequestPath } from './request-path.js';
import { afterSubscription, hasExtras, resolveGateway, type Gateway } from './gateway.js';
import type { ValidationTrace as Trace } from './plugins.js';
import type {
  AnyValidationSuccess,
  RequestLike,
  SuccessOf,
  ValidateContext,
  ValidationResult,
  ValidationSuccess,
  Validator,
  ValidatorOptions,
} from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

type Result = ValidationResult<AnyValidationSuccess>;

/**
 * Builds a validator. Options are checked now (misconfiguration throws a KeygateError);
 * `validate` never throws and answers every request with a typed result (with the `resources`
 * option, calls to resources that need no key answer UnauthenticatedSuccess: see SuccessOf).
 */
export function createValidator<O extends ValidatorOptions>(options: O): Validator<SuccessOf<O>> {
  const config = resolveConfig(options);
  const gateway = resolveGateway(options, config);
  const { record } = gateway;
  const validator: Validator<AnyValidationSuccess> = {
    validate:
      record === undefined
        ? (request, context = {}) => run(config, gateway, request, context, {})
        : async (request, context = {}) => {
            const trace: Trace = {};
            const finish = record(trace);
            const result = await run(config, gateway, request, context, trace);
            await finish(result, result.ok ? result.clientIp : context?.clientIp);
            return result;
          },
    apis: Object.freeze([...options.apis]),
    cors(request, context = {}) {
      try {
        const path = pathOf(config, request);
        return path === undefined ? undefined : apiOf(config, path, context)?.cors;
      } catch {
        return undefined; // not a request: validate() answers it
      }
    },
    stats: () => gateway.verifier.stats(),
    close: () => gateway.close(),
  };
  // Without `resources` no call is accepted without a key: SuccessOf<O> says which.
  return validator as Validator<SuccessOf<O>>;
}

/** The path that selects the API and resource (see ValidatorOptions.strictPaths). */
function pathOf(config: ValidatorConfig, request: RequestLike): string | undefined {
  return config.strictPaths ? pathIfCanonical(request.url) : (plainRequestPath(request.url) ?? requestUrl(request)?.pathname);
}

const apiOf = (config: ValidatorConfig, path: string, context: ValidateContext): CompiledApi | undefined =>
  context.api !== undefined ? config.apis.byName(context.api) : config.apis.byPath(path);

/**
 * Fails closed on what was thrown: a store's failure (marked so where stores are called) is 503;
 * anything else is a bug in the pipeline or a plugin, 500. The error stays on the result as `cause`.
 */
function failClosed(err: unknown): Result {
  const fromStore = isKeygateError(err) && err.code === 'ERR_STORE_UNAVAILABLE';
  const refusal = fromStore
    ? failure('store_unavailable', 'A store the gateway depends on is unavailable; try again later')
    : failure('internal_error', 'The gateway could not validate the API key');
  return withCause(refusal, err);
}

/**
 * The pipeline, in WSO2's order. Each step returns a failure or lets the call through. Fails
 * closed with try/catch rather than `.catch`, which would cost a promise per call.
 */
async function run(
  config: ValidatorConfig,
  gateway: Gateway,
  request: RequestLike,
  context: ValidateContext,
  trace: Trace,
): Promise<Result> {
  try {
    if (typeof request !== 'object' || request === null || typeof request.url !== 'string' || !request.headers) {
      return failure('internal_error', 'validate() needs a Request or an object with url and headers');
    }
    const path = pathOf(config, request);
    if (path === undefined) return config.strictPaths ? ambiguousPath() : failure('unknown_api', 'The request URL cannot be parsed');
    const entry = apiOf(config, path, context);
    if (!entry) return failure('unknown_api', 'No API of this gateway matches the request');
    const { api } = entry;
    trace.api = api;
    if (entry.blocked) return failure('api_blocked', `${api.name} ${api.version} is blocked`);
    const { keyHeader } = entry;
    let resource: ApiResource | undefined;
    if (api.resources !== undefined) {
      // The resource (a `path`), or the answer: a refusal, or (maybe later) the success of a call
      // that needs no key. The router is told where the base path ends unless routed by name.
      const routed = gateway.route!(api, path, context.api === undefined ? entry.from : -1, request, context);
      if ((routed as Partial<ApiResource>).path === undefined) return await (routed as Result | Promise<Result>);
      resource = routed as ApiResource;
    }

    const authScheme = api.authScheme ?? config.authScheme;
    const found = extractKey(request, keyHeader, config.queryParam, authScheme);
    if (!found) return missingKey(keyHeader, authScheme, config.queryParam);

    trace.key = found.key;
    // Steps that may answer at once are awaited only when they did not: a cached call with
    // in-memory stores runs through without a promise hop.
    const verifying = gateway.verifier.verify(found.key);
    const verified = isPromiseLike(verifying) ? await verifying : verifying;
    if ('ok' in verified) return verified;
    trace.token = verified.token;
    trace.cached = verified.cached;
    const { claims, header, key } = verified.token;

    const nowSeconds = config.now() / 1000;
    const clientIp = config.clientIp(context.clientIp, request.headers);
    if (clientIp !== undefined) trace.clientIp = clientIp;
    const expired = checkLifetime(claims, nowSeconds, config.clockTolerance) ?? checkKeyType(claims, entry);
    if (expired) return expired;
    const asking = lookUpStores(claims, entry, config);
    const answers = isPromiseLike(asking) ? await asking : asking;
    const refused =
      checkRevoked(answers.revoked) ??
      gateway.restrictions(claims, clientIp, request.headers) ??
      checkApplication(config.applications, answers.application);
    if (refused) return refused;
    // The store's record wins over the key's claims (a key may be stale).
    const application = answers.application ?? claims.application;

    const subscription = checkSubscription(claims, entry, answers.subscription);
    if ('ok' in subscription) return subscription;
    const after = hasExtras(gateway)
      ? afterSubscription(gateway, { authenticated: true, apiKey: found.key, claims, api, subscription, keyType: claims.keytype, application, resource, clientIp })
      : undefined;
    const extras = isPromiseLike(after) ? await after : after;
    if (extras !== undefined && 'ok' in extras) return extras;
    gateway.used?.(claims.jti, claims.exp, nowSeconds);

    // Built as one literal, optional fields assigned after (object spreads cost more on every call).
    const success: Mutable<ValidationSuccess> = {
      ok: true,
      authenticated: true,
      claims,
      header,
      key,
      api,
      subscription,
      applicationUuid: claims.application.uuid,
      application,
      keyType: claims.keytype,
      environment: claims.keytype,
      jti: claims.jti,
      credential: { foundIn: found.source, header: keyHeader, authScheme, queryParam: config.queryParam },
    };
    if (resource !== undefined) success.resource = resource;
    if (clientIp !== undefined) success.clientIp = clientIp;
    return extras === undefined ? success : Object.assign(success, extras);
  } catch (err) {
    return failClosed(err);
  }
}

/** Names every place this API takes a key, so the caller knows where to put it. */
function missingKey(header: string, authScheme: string | false, queryParam: string | false): ValidationResult {
  const places = [`the "${header}" header`];
  if (authScheme !== false) places.push(`"Authorization: ${authScheme} <key>"`);
  if (queryParam !== false) places.push(`the "${queryParam}" query parameter`);
  const last = places.pop();
  return failure('missing_key', `Make sure the call carries an API key in ${places.length === 0 ? last : `${places.join(', ')} or ${last}`}`);
}
