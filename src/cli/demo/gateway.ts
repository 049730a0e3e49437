import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { apiBasePath, type Validator } from '../../index.js';
import { apiKeyOf, createNodeMiddleware } from '../../node/index.js';
import { withoutSessionCookie } from './sessions.js';

export interface GatewayOptions {
  readonly validator: Validator;
  /** Where the backend listens, e.g. `http://127.0.0.1:41234/`. */
  readonly upstream: URL;
  /** Answers requests that are not API calls (the developer portal); returns whether it did. */
  readonly other?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

const json = (res: ServerResponse, status: number, body: Record<string, string>): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

/**
 * Proxies an accepted call to the backend. keygate's middleware has already taken the key out of
 * the header and the query string and added the backend JWT; the API's base path is dropped here.
 */
function forward(upstream: URL, req: IncomingMessage, res: ServerResponse): void {
  const accepted = apiKeyOf(req);
  const target = new URL(req.url ?? '/', upstream);
  if (accepted !== undefined) target.pathname = target.pathname.slice(apiBasePath(accepted.api).length) || '/';
  const headers = { ...req.headers };
  delete headers.host;
  // The portal's session cookie (same origin, Path=/) rides along with browser calls to the API.
  const cookie = withoutSessionCookie(req.headers.cookie);
  if (cookie === undefined) delete headers.cookie;
  else headers.cookie = cookie;
  const call = httpRequest(target, { method: req.method ?? 'GET', headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  call.on('error', () => {
    // WSO2's answer when the backend cannot be reached.
    if (!res.headersSent) json(res, 502, { code: '101503', message: 'Runtime Error', description: 'Error connecting to the back end' });
    else res.destroy();
  });
  req.pipe(call);
}

/**
 * The API gateway on bare node:http: keygate's Connect-style middleware answers refused calls with
 * WSO2's JSON errors (401 + WWW-Authenticate, 403, 404, 429 + Retry-After); accepted ones go on to
 * the backend.
 */
export function createGateway({ validator, upstream, other }: GatewayOptions): Server {
  const guard = createNodeMiddleware(validator, { realm: 'keygate demo' });
  return createServer((req, res) => {
    if (other?.(req, res) === true) return;
    guard(req, res, (error) => {
      if (error === undefined) forward(upstream, req, res);
      else json(res, 500, { code: '900900', message: 'Unclassified Authentication Failure', description: 'internal error' });
    });
  });
}
