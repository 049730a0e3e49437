import { errorResponseParts } from '../adapters/error-response.js';
import { requireValidator, resolveAdapterOptions, type AdapterOptions, type ValidatorLike } from '../adapters/options.js';
import { nodeCorsAnswer } from './cors.js';
import { prepareNodeForward } from './hide.js';
import type { AnyValidationSuccess } from '../validate/types.js';
import type { FastifyReplyLike, FastifyRequestLike } from './types.js';
import { validateNodeRequest } from './verify.js';

/** An async Fastify hook, for `addHook('onRequest', hook)` or `addHook('preHandler', hook)`. */
export type FastifyHook = (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown>;

/**
 * A Fastify `onRequest` / `preHandler` hook: a refused call is answered with WSO2's JSON error; an
 * accepted one gets `request.apiKey` (declare it with `decorateRequest('apiKey', undefined)`, or read
 * it with `apiKeyOf(request)`), without its key in `request.raw` and `request.query` unless
 * `hideCredentials: false`. With CORS on (validator option `cors`), preflights are answered before
 * authentication (use it as an `onRequest` hook, so it runs first) and every answer carries the CORS headers.
 */
export function createFastifyHook(validator: ValidatorLike<AnyValidationSuccess>, options: AdapterOptions = {}): FastifyHook {
  requireValidator(validator);
  const resolved = resolveAdapterOptions(options);
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
      return undefined;
    }
    const { status, headers, body } = errorResponseParts(result, resolved.challenge);
    reply.code(status);
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    reply.send(body);
    // Fastify: an async hook that answered must return the reply so the route does not run.
    return reply;
  };
}
