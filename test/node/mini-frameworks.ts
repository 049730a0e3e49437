import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { apiKeyOf } from '../../src/node/index.js';

/*
 * Stand-ins for Express, Fastify and Hono (not dependencies), with the same call shapes and the
 * request handling that matters to keygate's adapters: Express strips a mount path from `req.url`,
 * keeps `originalUrl`, parses `query` into an own property (Express 4) and restores the prefix on
 * `next()`; Fastify wraps the raw request, runs async hooks and stops when a hook returns the reply;
 * Hono hands middleware a context whose `req.raw` is the Fetch Request. docs/frameworks.md's
 * snippets run against these (see test/docs/frameworks.test.ts).
 */

const queryOf = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);
const servers = new Set<Server>();

/** Closes every server the stand-ins' `listen` opened. */
export async function closeAll(): Promise<void> {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  servers.clear();
}

function listenOn(handler: (req: IncomingMessage, res: ServerResponse) => void, port: number): Promise<Server> {
  const server = createServer(handler);
  servers.add(server);
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

export type ExpressLikeRequest = IncomingMessage & { originalUrl?: string; query?: Record<string, string> };
export type ExpressLikeResponse = ServerResponse & { json(body: unknown): void; status(code: number): ExpressLikeResponse };
type Middleware = (req: ExpressLikeRequest, res: ExpressLikeResponse, next: (err?: unknown) => void) => void;

function asExpressResponse(res: ServerResponse): ExpressLikeResponse {
  return Object.assign(res, {
    json(body: unknown) {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(body));
    },
    status(code: number) {
      res.statusCode = code;
      return res as ExpressLikeResponse;
    },
  });
}

export function express() {
  const stack: { path: string; method?: string; handle: Middleware }[] = [];
  const listener = (req: ExpressLikeRequest, rawRes: ServerResponse): void => {
    const res = asExpressResponse(rawRes);
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
      const path = url.split('?')[0]!;
      if (layer.method !== undefined) {
        // A route: exact path and method, no prefix stripping.
        return req.method === layer.method && path === layer.path ? layer.handle(req, res, next) : next();
      }
      if (!url.startsWith(layer.path)) return next();
      req.url = url.slice(layer.path.length) || '/';
      layer.handle(req, res, (e) => {
        req.url = layer.path + (req.url === '/' ? '' : (req.url ?? ''));
        next(e);
      });
    };
    next();
  };
  return {
    listener,
    use(pathOrHandler: string | Middleware, handler?: Middleware) {
      stack.push(typeof pathOrHandler === 'string' ? { path: pathOrHandler, handle: handler! } : { path: '', handle: pathOrHandler });
    },
    get(path: string, handler: (req: ExpressLikeRequest, res: ExpressLikeResponse) => void) {
      stack.push({ path, method: 'GET', handle: (req, res) => handler(req, res) });
    },
    listen(port: number, callback?: () => void): Promise<Server> {
      return listenOn(listener, port).then((server) => (callback?.(), server));
    },
  };
}

export interface FastifyLikeRequest {
  readonly raw: IncomingMessage;
  query: Record<string, string>;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  [decorated: string]: unknown;
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
type Route = (request: FastifyLikeRequest, reply: FastifyLikeReply) => unknown;

export function Fastify() {
  const hooks: Hook[] = [];
  const routes = new Map<string, Route>();
  const decorations: Record<string, unknown> = {};
  const listener = (raw: IncomingMessage, res: ServerResponse): void => {
    const request: FastifyLikeRequest = {
      ...decorations,
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
      const route = routes.get(`${raw.method} ${(raw.url ?? '/').split('?')[0]}`);
      if (!route) return reply.code(404).send('no route');
      const body = await route(request, reply);
      if (!reply.sent) reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
    })();
  };
  return {
    listener,
    decorateRequest(name: string, value: unknown) {
      decorations[name] = value;
    },
    addHook(_name: 'onRequest' | 'preHandler', hook: Hook) {
      hooks.push(hook);
    },
    get(path: string, route: Route) {
      routes.set(`GET ${path}`, route);
    },
    listen(options: { port: number }): Promise<Server> {
      return listenOn(listener, options.port);
    },
  };
}

export interface HonoLikeContext {
  readonly req: { readonly raw: Request; header(name: string): string | undefined };
  readonly env: unknown;
  set(name: string, value: unknown): void;
  get(name: string): unknown;
  json(body: unknown, status?: number): Response;
}
type HonoHandler = (c: HonoLikeContext, next: () => Promise<void>) => Response | void | Promise<Response | void>;

/** Hono's routing for `*`-suffixed prefixes and exact paths; handlers run in order until one answers. */
export class Hono {
  private readonly handlers: { path: string; method?: string; handle: HonoHandler }[] = [];
  use(path: string, handler: HonoHandler): this {
    this.handlers.push({ path, handle: handler });
    return this;
  }
  get(path: string, handler: HonoHandler): this {
    this.handlers.push({ path, method: 'GET', handle: handler });
    return this;
  }
  fetch = async (request: Request, env?: unknown): Promise<Response> => {
    const vars = new Map<string, unknown>();
    const c: HonoLikeContext = {
      req: { raw: request, header: (name) => request.headers.get(name) ?? undefined },
      env,
      set: (name, value) => vars.set(name, value),
      get: (name) => vars.get(name),
      json: (body, status = 200) => Response.json(body, { status }),
    };
    const path = new URL(request.url).pathname;
    const matching = this.handlers.filter(
      (h) => (h.method === undefined || h.method === request.method) && (h.path.endsWith('*') ? path.startsWith(h.path.slice(0, -1)) : path === h.path),
    );
    const dispatch = async (i: number): Promise<Response | undefined> => {
      const h = matching[i];
      if (!h) return undefined;
      let downstream: Response | undefined;
      const answered = await h.handle(c, async () => {
        downstream = await dispatch(i + 1);
      });
      return answered ?? downstream;
    };
    return (await dispatch(0)) ?? new Response('no route', { status: 404 });
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
