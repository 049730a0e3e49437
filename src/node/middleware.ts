import { errorResponseParts } from '../adapters/error-response.js';
import { rateLimitHeaders } from '../adapters/rate-limit-headers.js';
import {
  MIDDLEWARE_OPTIONS,
  passesUnguarded,
  refusalHook,
  requireValidator,
  resolveAdapterOptions,
  type MiddlewareOptions,
  type ValidatorLike,
} from '../adapters/options.js';
import type { OptionNames } from '../options/known.js';
import type { AnyValidationSuccess, ValidationFailure } from '../validate/types.js';
import { nodeCorsAnswer } from './cors.js';
import { prepareNodeForward } from './hide.js';
import type { NextLike, NodeRequestLike, NodeResponseLike } from './types.js';
import { validateNodeRequest } from './verify.js';
import { pathAsSent } from '../validate/request-path.js';

/** A Connect/Express middleware, also usable in a bare `http.createServer` handler. */
export type NodeMiddleware = (req: NodeRequestLike, res: NodeResponseLike, next: NextLike) => void;

/** Options of `createNodeMiddleware`. */
export interface NodeMiddlewareOptions<Req extends NodeRequestLike = NodeRequestLike, Res extends NodeResponseLike = NodeResponseLike>
  extends MiddlewareOptions {
  /**
   * Answers a refused call yourself (your error format, a redirect, logging): called instead of
   * the WSO2 JSON answer, with the request and response your framework gave the middleware.
   */
  readonly onRefused?: ((failure: ValidationFailure, req: Req, res: Res) => void) | undefined;
}

const NODE_OPTIONS = { ...MIDDLEWARE_OPTIONS, onRefused: true } as const satisfies OptionNames<NodeMiddlewareOptions>;

/**
 * Connect/Express middleware: a refused call is answered with WSO2's JSON error (401 with
 * `WWW-Authenticate`, 429 with `Retry-After`) or by `onRefused`; an accepted one gets `req.apiKey`
 * (see `apiKeyOf`; none for a resource with `auth: 'none'`) and goes on to `next()`, without its key
 * unless `hideCredentials: false`. With CORS on (validator option `cors`), preflights are answered
 * before authentication and every answer carries the CORS headers (set on `res` before anything else).
 */
export function createNodeMiddleware<Req extends NodeRequestLike = NodeRequestLike, Res extends NodeResponseLike = NodeResponseLike>(
  validator: ValidatorLike<AnyValidationSuccess>,
  options: NodeMiddlewareOptions<Req, Res> = {},
): (req: Req, res: Res, next: NextLike) => void {
  requireValidator(validator);
  const resolved = resolveAdapterOptions(options, NODE_OPTIONS, 'createNodeMiddleware');
  const onRefused = refusalHook(options.onRefused, 'createNodeMiddleware');
  return (req, res, next) => {
    const cors = nodeCorsAnswer(validator, resolved, req);
    if (cors !== undefined) {
      for (const [name, value] of Object.entries(cors.headers)) res.setHeader(name, value);
      if (cors.preflight) {
        res.statusCode = 200;
        res.end('');
        return;
      }
    }
    validateNodeRequest(validator, resolved, req).then((result) => {
      if (result.ok) {
        prepareNodeForward(req, result, resolved.hideCredentials);
        if (result.authenticated) req.apiKey = result;
        const limits = rateLimitHeaders(result.rateLimit, resolved.rateLimitHeaders);
        if (limits !== undefined && res.headersSent !== true) for (const [name, value] of Object.entries(limits)) res.setHeader(name, value);
        next();
        return;
      }
      if (passesUnguarded(resolved, result, validator, pathAsSent(req.originalUrl ?? req.url ?? '/'))) return next();
      if (res.headersSent === true) return next(new Error(`API key refused (${result.reason}) after the response started`));
      if (onRefused !== undefined) return onRefused(result, req, res);
      const { status, headers, body } = errorResponseParts(result, resolved.challenge, resolved.rateLimitHeaders);
      res.statusCode = status;
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      res.end(body);
    }).then(undefined, next);
  };
}
