import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { createFastifyHook, createNodeMiddleware, type NodeRequestLike } from '../../src/node/index.js';
import type { ValidatorLike } from '../../src/fetch/index.js';

/*
 * Real servers for the security regressions: Express 5, Fastify 5 and a bare node:http router,
 * each with keygate in front of two route families, and a raw-socket client (HTTP clients
 * normalise request targets before sending; an attacker does not).
 */

export interface RunningServer {
  readonly name: string;
  readonly port: number;
  close(): Promise<void>;
}

/** What a route answers: which route ran, and what the handler saw of the request. */
export interface RouteEcho {
  readonly route: string;
  readonly apikeyHeader: unknown;
  readonly rawHeaders: readonly string[];
  readonly headersDistinct: unknown;
  readonly url: string | undefined;
}

function echoOf(route: string, req: IncomingMessage | NodeRequestLike): RouteEcho {
  const distinct = (req as IncomingMessage).headersDistinct;
  return { route, apikeyHeader: req.headers.apikey, rawHeaders: req.rawHeaders ?? [], headersDistinct: { ...distinct }, url: req.url };
}

function listening(name: string, server: Server): Promise<RunningServer> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        name,
        port: (server.address() as AddressInfo).port,
        close: () => {
          server.closeAllConnections();
          return new Promise((done) => server.close(() => done()));
        },
      }),
    ),
  );
}

/** Express 5: keygate as app-level middleware, then `/<prefix>/*` routes for each prefix. */
export function expressServer(validator: ValidatorLike, prefixes: readonly string[], before?: (req: IncomingMessage) => void): Promise<RunningServer> {
  const app = express();
  if (before) app.use((req, _res, next) => (before(req), next()));
  app.use(createNodeMiddleware(validator));
  for (const prefix of prefixes) app.all(`${prefix}/*rest`, (req, res) => void res.json(echoOf(prefix, req)));
  return listening('express', createServer(app));
}

/** Fastify 5: keygate as an onRequest hook, then `/<prefix>/*` routes. */
export async function fastifyServer(validator: ValidatorLike, prefixes: readonly string[], before?: (req: IncomingMessage) => void): Promise<RunningServer> {
  const app: FastifyInstance = Fastify();
  if (before) app.addHook('onRequest', async (request) => before(request.raw));
  app.addHook('onRequest', createFastifyHook(validator));
  for (const prefix of prefixes) app.all(`${prefix}/*`, async (request) => echoOf(prefix, request.raw));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  return { name: 'fastify', port, close: () => app.close() };
}

/** node:http with a router on the raw target's path, as many hand-written servers route. */
export function nodeServer(validator: ValidatorLike, prefixes: readonly string[], before?: (req: IncomingMessage) => void): Promise<RunningServer> {
  const middleware = createNodeMiddleware(validator);
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    before?.(req);
    middleware(req, res, (err) => {
      if (err) return void res.writeHead(500).end(String(err));
      const path = (req.url ?? '/').replace(/^[a-z]+:\/\/[^/]*/i, '').split('?')[0] ?? '/';
      const prefix = prefixes.find((p) => path.startsWith(`${p}/`));
      if (prefix === undefined) return void res.writeHead(404).end('{}');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(echoOf(prefix, req)));
    });
  };
  return listening('node:http', createServer(handler));
}

export const SERVERS = { express: expressServer, fastify: fastifyServer, 'node:http': nodeServer } as const;

/** Sends one request exactly as written (no normalisation) and reads the status and body. */
export function rawRequest(port: number, target: string, headers: readonly (readonly [string, string])[], method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
      const head = received.indexOf('\r\n\r\n');
      let body = head < 0 ? '' : received.slice(head + 4);
      if (/\r\ntransfer-encoding: chunked/i.test(received.slice(0, head))) body = dechunk(body);
      resolve({ status, body });
    });
    const lines = [`${method} ${target} HTTP/1.1`, 'Host: gw.test', 'Connection: close', ...headers.map(([n, v]) => `${n}: ${v}`)];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

function dechunk(body: string): string {
  let out = '';
  for (let at = 0; ; ) {
    const eol = body.indexOf('\r\n', at);
    const size = parseInt(body.slice(at, eol), 16);
    if (!(size > 0)) return out;
    out += body.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}
