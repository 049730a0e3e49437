import { errorResponseParts } from '../adapters/error-response.js';
import { requireValidator, resolveAdapterOptions, type AdapterOptions, type ValidatorLike } from '../adapters/options.js';
import { prepareNodeForward } from './hide.js';
import type { NextLike, NodeRequestLike, NodeResponseLike } from './types.js';
import { validateNodeRequest } from './verify.js';

/** A Connect/Express middleware, also usable in a bare `http.createServer` handler. */
export type NodeMiddleware = (req: NodeRequestLike, res: NodeResponseLike, next: NextLike) => void;

/**
 * Connect/Express middleware: a refused call is answered with WSO2's JSON error (401 with
 * `WWW-Authenticate`, 429 with `Retry-After`); an accepted one gets `req.apiKey` (see `apiKeyOf`)
 * and goes on to `next()`, without its key unless `hideCredentials: false`.
 */
export function createNodeMiddleware(validator: ValidatorLike, options: AdapterOptions = {}): NodeMiddleware {
  requireValidator(validator);
  const resolved = resolveAdapterOptions(options);
  return (req, res, next) => {
    validateNodeRequest(validator, resolved, req).then((result) => {
      if (result.ok) {
        prepareNodeForward(req, result, resolved.hideCredentials);
        req.apiKey = result;
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
