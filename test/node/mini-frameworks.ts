import type { IncomingMessage, ServerResponse } from 'node:http';
import { request as httpRequest } from 'node:http';

import { apiKeyOf } from '../../src/node/index.js';
/*
 * Just enough of Express's and Fastify's request handling to run keygate's adapters the way those
 * frameworks do (they are not dependencies): Express strips a mount path from `req.url`, keeps
 * `originalUrl`, parses `query` into an own property (Express 4) and restores the prefix on
 * `next()`; Fastify wraps the raw request, runs async hooks and stops when a hook returns the reply.
 */

export type ExpressLikeRequest = IncomingMessage & { originalUrl?: string; query?: Record<string, string> };
type Middleware = (req: ExpressLikeRequest, res: ServerResponse, next: (err?: unknown) => void) => void;

const queryOf = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

export function miniExpress() {
  const stack: { path: string; handle: Middleware }[] = [];
  return {
    use(pathOrHandler: string | Middleware, handler?: Middleware) {
      if (typeof pathOrHandler === 'string') stack.push({ path: pathOrHandler, handle: handler! });
      else stack.push({ path: '', handle: pathOrHandler });
    },
    listener(req: ExpressLikeRequest, res: ServerResponse): void {
      req.originalUrl = req.url ?? '/';
      req.query = queryOf(req.originalUrl);
      let index = 0;
      const next = (err?: unknown): void => {
        if (err !== undefined) {
          res.statusCode = 500;
          res.end(`error: ${String(err)}`);
          return;
        }
        const layer = stack[index++];
        if (!layer) {
          res.statusCode = 404;
          res.end('no route');
          return;
        }
        const url = req.url ?? '/';
        if (!url.startsWith(layer.path)) return next();
        req.url = url.slice(layer.path.length) || '/';
        layer.handle(req, res, (e) => {
          req.url = layer.path + (req.url === '/' ? '' : req.url ?? '');
          next(e);
        });
      };
      next();
    },
  };
}

export interface FastifyLikeRequest {
  readonly raw: IncomingMessage;
  query: Record<string, string>;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
}

export class FastifyLikeReply {
  sent = false;
  constructor(private readonly res: ServerResponse) {}
  code(statusCode: number): this {
    this.res.statusCode = statusCode;
    return this;
  }
  header(name: string, value: string): this {
    this.res.setHeader(name, value);
    return this;
  }
  send(payload: string): this {
    this.sent = true;
    this.res.end(payload);
    return this;
  }
}

type Hook = (request: FastifyLikeRequest, reply: FastifyLikeReply) => Promise<unknown>;

export function miniFastify(route: (request: FastifyLikeRequest, reply: FastifyLikeReply) => void) {
  const hooks: Hook[] = [];
  return {
    addHook(_name: 'onRequest' | 'preHandler', hook: Hook) {
      hooks.push(hook);
    },
    listener(raw: IncomingMessage, res: ServerResponse): void {
      const request: FastifyLikeRequest = {
        raw,
        query: queryOf(raw.url ?? '/'),
        get url() {
          return raw.url ?? '/';
        },
        get headers() {
          return raw.headers;
        },
      };
      const reply = new FastifyLikeReply(res);
      void (async () => {
        for (const hook of hooks) if ((await hook(request, reply)) === reply || reply.sent) return;
        route(request, reply);
      })();
    },
  };
}

/** GET with the path sent byte for byte (fetch would normalise `..`). */
export function rawGet(origin: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(origin);
    const req = httpRequest({ hostname, port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The JSON a test route answers: what reached it after keygate, so tests see what would be forwarded. */
export function echoJson(request: object, seen: { url: string | undefined; query: unknown; apikey: unknown; [more: string]: unknown }): string {
  return JSON.stringify({ app: apiKeyOf(request)?.applicationUuid ?? null, ...seen, apikey: seen.apikey ?? null });
}
