import { errorResponseParts } from '../adapters/error-response.js';
import { requireValidator, resolveAdapterOptions, type AdapterOptions, type ValidatorLike } from '../adapters/options.js';
import { nodeCorsAnswer } from './cors.js';
import { prepareNodeForward } from './hide.js';
import type { AnyValidationSuccess } from '../validate/types.js';
import type { NextLike, NodeRequestLike, NodeResponseLike } from './types.js';
import { validateNodeRequest } from './verify.js';

/** A Connect/Express middleware, also usable in a bare `http.createServer` handler. */
export type NodeMiddleware = (req: NodeRequestLike, res: NodeResponseLike, next: NextLike) => void;

/**
 * Connect/Express middleware: a refused call is answered with WSO2's JSON error (401 with
 * `WWW-Authenticate`, 429 with `Retry-After`); an accepted one gets `req.apiKey` (see `apiKeyOf`)
 * and goes on to `next()`, without its key unless `hideCredentials: false`. With CORS on
 * (validator option `cors`), preflights are answered before authentication and every answer
 * carries the CORS headers (set on `res` before anything else).
 */
export function createNodeMiddleware(validator: ValidatorLike<AnyValidationSuccess>, options: AdapterOptions = {}): NodeMiddleware {
  requireValidator(validator);
  const resolved = resolveAdapterOptions(options);
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
        next();
        return;
      }
      if (res.headersSent === true) return next(new Error(`API key refused (${result.reason}) after the response started`));
      const { status, headers, body } = errorResponseParts(result, resolved.challenge);
      res.statusCode = status;
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      res.end(body);
    }, next);
  };
}
