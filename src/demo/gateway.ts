import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApiDefinition, ValidationFailure, Validator } from '../validate/types.js';

export interface GatewayOptions {
  readonly validator: Validator;
  /** The API the gateway publishes, e.g. PizzaShackAPI at `/pizzashack/1.0.0`. */
  readonly api: ApiDefinition;
  /** Where the backend listens, e.g. `http://127.0.0.1:41234`. */
  readonly upstream: URL;
  /** The header and query parameter that carry the key (stripped before forwarding). */
  readonly keyParameter: string;
}

/** WSO2's error body: `{"code":"900901","message":"Invalid Credentials","description":"..."}`. */
export function sendFailure(res: ServerResponse, failure: ValidationFailure): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (failure.status === 401) headers['www-authenticate'] = 'API Key realm="keygate demo", error="invalid_token"';
  if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
  const body = { code: String(failure.code), message: failure.message, description: failure.description };
  res.writeHead(failure.status, headers).end(JSON.stringify(body));
}

function basePath(api: ApiDefinition): string {
  return api.basePath ?? `${api.context}/${api.version}`;
}

/** The upstream URL for a gateway URL: base path dropped, the key's query parameter removed. */
function upstreamUrl(options: GatewayOptions, url: URL): URL {
  const target = new URL(options.upstream);
  target.pathname = url.pathname.slice(basePath(options.api).length) || '/';
  const query = new URLSearchParams(url.search);
  query.delete(options.keyParameter);
  target.search = query.toString();
  return target;
}

function forward(options: GatewayOptions, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const headers = { ...req.headers };
  delete headers[options.keyParameter.toLowerCase()];
  delete headers.host;
  const upstream = httpRequest(upstreamUrl(options, url), { method: req.method ?? 'GET', headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'application/json' });
    }
    res.end(JSON.stringify({ code: '101503', message: 'Runtime Error', description: 'Error connecting to the back end' }));
  });
  req.pipe(upstream);
}

/**
 * The API gateway: every call under the API's base path needs a valid API key (header or query
 * parameter) from a subscribed application; valid calls are proxied to the backend without the key.
 */
export function createGateway(options: GatewayOptions): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const headers = req.headers;
    const clientIp = req.socket.remoteAddress;
    options.validator
      .validate({ url: url.href, method: req.method ?? 'GET', headers }, clientIp === undefined ? {} : { clientIp })
      .then((result) => (result.ok ? forward(options, req, res, url) : sendFailure(res, result)))
      .catch(() => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: '900900', message: 'Unclassified Authentication Failure', description: 'internal error' }));
      });
  });
}
