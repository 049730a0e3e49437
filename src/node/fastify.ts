import { errorResponseParts } from '../adapters/error-response.js';
import { rateLimitHeaders } from '../adapters/rate-limit-headers.js';
import { MIDDLEWARE_OPTIONS, passesUnguarded, refusalHook, requireValidator, resolveAdapterOptions, type MiddlewareOptions, type ValidatorLike } from '../adapters/options.js';
import type { OptionNames } from '../options/known.js';
import { pathAsSent } from '../validate/request-path.js';
import type { AnyValidationSuccess, ValidationFailure } from '../validate/types.js';
import { nodeCorsAnswer } from './cors.js';
import { prepareNodeForward } from './hide.js';
import type { FastifyReplyLike, FastifyRequestLike } from './types.js';
import { validateNodeRequest } from './verify.js';

/** An async Fastify hook, for `addHook('onRequest', hook)`, `addHook('preHandler', hook)` or a route's `onRequest`. */
export type FastifyHook = (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown>;

/** Options of `createFastifyHook`. */
export interface FastifyHookOptions<Request extends FastifyRequestLike = FastifyRequestLike, Reply extends FastifyReplyLike = FastifyReplyLike>
  extends MiddlewareOptions {
  /**
   * Answers a refused call yourself: called instead of the WSO2 JSON answer with Fastify's request
   * and reply; send with the reply (the route does not run either way).
   */
  readonly onRefused?: ((failure: ValidationFailure, request: Request, reply: Reply) => unknown) | undefined;
}

const FASTIFY_OPTIONS = { ...MIDDLEWARE_OPTIONS, onRefused: true } as const satisfies OptionNames<FastifyHookOptions>;

/**
 * A Fastify `onRequest` / `preHandler` hook: a refused call is answered with WSO2's JSON error (or
 * by `onRefused`); an accepted one gets `request.apiKey` (declare it with
 * `decorateRequest('apiKey', undefined)`, or read it with `apiKeyOf(request)`), without its key in
 * `request.raw` and `request.query` unless `hideCredentials: false`. With CORS on (validator option
 * `cors`), preflights are answered before authentication (use it as an `onRequest` hook, so it runs
 * first) and every answer carries the CORS headers.
 */
export function createFastifyHook(validator: ValidatorLike<AnyValidationSuccess>, options?: FastifyHookOptions): FastifyHook;
/** With Fastify's own request and reply types for `onRefused`: `createFastifyHook<FastifyRequest, FastifyReply>(...)`. */
export function createFastifyHook<Request extends FastifyRequestLike, Reply extends FastifyReplyLike>(
  validator: ValidatorLike<AnyValidationSuccess>,
  options: FastifyHookOptions<Request, Reply>,
): (request: Request, reply: Reply) => Promise<unknown>;
export function createFastifyHook<Request extends FastifyRequestLike, Reply extends FastifyReplyLike>(
  validator: ValidatorLike<AnyValidationSuccess>,
  options: FastifyHookOptions<Request, Reply> = {},
): (request: Request, reply: Reply) => Promise<unknown> {
  requireValidator(validator);
  const resolved = resolveAdapterOptions(options, FASTIFY_OPTIONS, 'createFastifyHook');
  const onRefused = refusalHook(options.onRefused, 'createFastifyHook');
  return async (request, reply) => {
    const cors = nodeCorsAnswer(validator, resolved, request.raw);
    if (cors !== undefined) {
      for (const [name, value] of Object.entries(cors.headers)) reply.header(name, value);
      if (cors.preflight) {
        reply.code(200);
        reply.send('');
        return reply;
      }
    }
    const result = await validateNodeRequest(validator, resolved, request.raw);
    if (result.ok) {
      prepareNodeForward(request.raw, result, resolved.hideCredentials, request);
      if (result.authenticated) request.apiKey = result;
      const limits = rateLimitHeaders(result.rateLimit, resolved.rateLimitHeaders);
      if (limits !== undefined) for (const [name, value] of Object.entries(limits)) reply.header(name, value);
      return undefined;
    }
    if (passesUnguarded(resolved, result, validator, pathAsSent(request.raw.url ?? '/'))) return undefined;
    if (onRefused !== undefined) {
      await onRefused(result, request, reply);
    } else {
      const { status, headers, body } = errorResponseParts(result, resolved.challenge, resolved.rateLimitHeaders);
      reply.code(status);
      for (const [name, value] of Object.entries(headers)) reply.header(name, value);
      reply.send(body);
    }
    // Fastify: an async hook that answered must return the reply so the route does not run.
    return reply;
  };
}
