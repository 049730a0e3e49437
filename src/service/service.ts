import { isKeygateError } from '../errors.js';
import { API_KEY_ROUTES } from './api-keys.js';
import { API_ROUTES } from './apis.js';
import { APPLICATION_ROUTES } from './applications.js';
import { corsFor, isPreflight, refuseForgery } from './guard.js';
import { badRequest, problem } from './http.js';
import { resolveServiceConfig, type ServiceConfig } from './options.js';
import { matchRoute, type Route } from './router.js';
import { SUBSCRIPTION_ROUTES } from './subscriptions.js';
import type { KeyService, KeyServiceOptions, ServiceUser } from './types.js';

const ROUTES: readonly Route[] = [...API_ROUTES, ...APPLICATION_ROUTES, ...API_KEY_ROUTES, ...SUBSCRIPTION_ROUTES];
const MAX_SUBSCRIBER_LENGTH = 256;

const isUser = (user: unknown): user is ServiceUser => {
  const subscriber = (user as { subscriber?: unknown } | null)?.subscriber;
  return typeof subscriber === 'string' && subscriber.length > 0 && subscriber.length <= MAX_SUBSCRIBER_LENGTH;
};

/** Errors become WSO2's error answers; a bad field is a 400, a store outage a 503, anything else a 500 without details. */
function failed(error: unknown, config: ServiceConfig, request: Request): Response {
  if (isKeygateError(error) && error.code === 'ERR_INVALID_REQUEST') return badRequest(error.message);
  config.onError?.(error, request);
  if (isKeygateError(error) && error.code === 'ERR_STORE_UNAVAILABLE') return problem(503, 'a store the key service needs is unavailable; try again');
  return problem(500, 'the key service failed to answer');
}

async function answer(request: Request, config: ServiceConfig): Promise<Response> {
  const url = new URL(request.url);
  if (isPreflight(request)) return new Response(null, { status: 204, headers: corsFor(request, config.cors, true) });
  const path = url.pathname.startsWith(`${config.basePath}/`) ? url.pathname.slice(config.basePath.length) : undefined;
  const match = path === undefined ? undefined : matchRoute(ROUTES, request.method, path);
  if (path === undefined || match === undefined) return problem(404, 'no such resource in the key service');
  if ('malformed' in match) return badRequest('path: a parameter is not percent-encoded UTF-8');
  if ('allow' in match) return problem(405, `this resource answers ${match.allow.join(', ')}`, [], { allow: match.allow.join(', ') });
  const forged = refuseForgery(request, config.cors);
  if (forged !== undefined) return forged;
  const user = await config.authenticate(request);
  if (user === undefined) return problem(401, 'sign in to use the key service');
  if (!isUser(user)) throw new TypeError(`authenticate must answer { subscriber } (a string of 1 to ${MAX_SUBSCRIBER_LENGTH} characters) or undefined`);
  return match.handler({ request, user, params: match.params, query: url.searchParams, config, path });
}

/**
 * WSO2's Developer Portal REST API for API keys, as a Fetch handler: applications, subscriptions,
 * APIs and throttling policies, and per application and key type `generate`, `revoke` and a list of
 * the keys issued (see docs/portal.md). Every call is authenticated (`authenticate`); a subscriber
 * sees and changes only its own applications, their subscriptions and keys (another's answer 404,
 * as if they did not exist). State-changing calls must be JSON and, from another site, from an
 * origin in `cors` (see `refuseForgery`). The stores are the gateways': a key generated here is
 * valid at once, and a revoked one is refused on the next call.
 */
export function createKeyService(options: KeyServiceOptions): KeyService {
  const config = resolveServiceConfig(options);
  return async (request) => {
    const response = await answer(request, config).catch((error: unknown) => failed(error, config, request));
    for (const [name, value] of Object.entries(corsFor(request, config.cors))) response.headers.set(name, value);
    return response;
  };
}
