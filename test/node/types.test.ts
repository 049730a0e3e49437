import { createServer } from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type ValidationFailure, type ValidationSuccess, type Validator } from '../../src/index.js';
import { createFetchGuard, withApiKey } from '../../src/fetch/index.js';
import { apiKeyOf, createFastifyHook, createNodeMiddleware } from '../../src/node/index.js';
import { apiKeyOf as honoApiKeyOf, createHonoMiddleware, type ApiKeyEnv } from '../../src/hono/index.js';

/*
 * Type-level checks, enforced by `npm run typecheck` (tsc -p tsconfig.test.json): the adapters plug
 * into the real Express 5, Fastify 5, Hono 4 and node:http signatures with no cast. Nothing here
 * runs a server.
 */
function expressApp(validator: Validator): void {
  const app = express();
  app.use(createNodeMiddleware(validator));
  app.use('/pizzashack', createNodeMiddleware(validator, { api: 'PizzaShackAPI', realm: 'PizzaShack', otherPaths: 'pass' }));
  // onRefused gets Express's own request and response when the middleware is told their types.
  app.use(
    createNodeMiddleware<express.Request, express.Response>(validator, {
      onRefused: (failure, req, res) => {
        expectTypeOf(failure).toEqualTypeOf<ValidationFailure>();
        res.status(failure.status).json({ error: failure.reason, path: req.path });
      },
    }),
  );
  app.get('/pizzashack/1.0.0/menu', (req, res) => {
    const key = apiKeyOf(req);
    expectTypeOf(key).toEqualTypeOf<ValidationSuccess | undefined>();
    res.json({ app: key?.applicationUuid });
  });
}

function fastifyApp(validator: Validator): void {
  const fastify = Fastify();
  fastify.decorateRequest('apiKey', undefined);
  fastify.addHook('onRequest', createFastifyHook(validator));
  fastify.addHook('preHandler', createFastifyHook(validator, { hideCredentials: false, onRefused: (failure, _request, reply) => reply.code(failure.status).send() }));
  fastify.get('/pizzashack/1.0.0/menu', { onRequest: createFastifyHook(validator) }, async (request) => ({ app: apiKeyOf(request)?.applicationUuid }));
  void fastify.register(async (api) => api.addHook('onRequest', createFastifyHook(validator, { otherPaths: 'pass' })), { prefix: '/pizzashack' });
}

function honoApp(validator: Validator): void {
  const app = new Hono<ApiKeyEnv>();
  app.use('/pizzashack/*', createHonoMiddleware(validator, { onRefused: (failure) => Response.json({ error: failure.reason }, { status: failure.status }) }));
  app.get('/pizzashack/1.0.0/menu', (c) => {
    expectTypeOf(c.get('apiKey')).toEqualTypeOf<ValidationSuccess>();
    expectTypeOf(honoApiKeyOf(c)).toEqualTypeOf<ValidationSuccess | undefined>();
    return c.json({ app: c.get('apiKey').applicationUuid });
  });
}

function nodeHttp(validator: Validator): void {
  const middleware = createNodeMiddleware(validator);
  createServer((req, res) => middleware(req, res, () => res.end(apiKeyOf(req)?.jti)));
}

function fetchServers(validator: Validator): void {
  // Deno.serve / Bun.serve / worker handler shapes.
  const deno: (request: Request, info: { remoteAddr: { hostname: string } }) => Promise<Response> = withApiKey(
    validator,
    (_request, apiKey, info: { remoteAddr: { hostname: string } }) => new Response(`${apiKey.jti} ${info.remoteAddr.hostname}`),
  );
  // The server argument is inferred from a non-generic context (Bun.serve's own generic options need
  // the parameter annotated: `(request, apiKey, server: Bun.Server<undefined>)`, see docs/frameworks.md).
  const bunLike: (request: Request, server: { requestIP(r: Request): { address: string } | null }) => Promise<Response> = withApiKey(validator, (request, _apiKey, server) =>
    new Response(server.requestIP(request)?.address),
  );
  const worker: { fetch(request: Request, env: { A: string }, ctx: { waitUntil(p: Promise<unknown>): void }): Promise<Response> } = {
    fetch: withApiKey(validator, (_request, apiKey, env: { A: string }, _ctx: { waitUntil(p: Promise<unknown>): void }) =>
      new Response(env.A + apiKey.jti),
    ),
  };
  const guard = createFetchGuard(validator);
  expectTypeOf(guard).returns.resolves.toHaveProperty('ok');
  // @ts-expect-error the handler must answer a Response
  withApiKey(validator, () => 'text');
  void [deno, bunLike, worker];
}

describe('adapter types', () => {
  it('compile against the real node:http, Express, Fastify and Hono types (checked by tsc)', () => {
    expect([expressApp, fastifyApp, honoApp, nodeHttp, fetchServers].every((f) => typeof f === 'function')).toBe(true);
  });
});
