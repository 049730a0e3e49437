import { createServer } from 'node:http';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type ValidationSuccess, type Validator } from '../../src/index.js';
import { createFetchGuard, withApiKey } from '../../src/fetch/index.js';
import { apiKeyOf, createFastifyHook, createNodeMiddleware } from '../../src/node/index.js';
import type { ExpressApp, FastifyInstance } from './framework-shapes.js';

/*
 * Type-level checks, enforced by `npm run typecheck` (tsc -p tsconfig.test.json): the adapters plug
 * into node:http, Express and Fastify signatures with no cast. Nothing here runs a server.
 */
function expressApp(app: ExpressApp, validator: Validator): void {
  app.use(createNodeMiddleware(validator));
  app.use('/pizzashack', createNodeMiddleware(validator, { api: 'PizzaShackAPI', realm: 'PizzaShack' }));
  app.get('/pizzashack/1.0.0/menu', (req, res) => {
    const key = apiKeyOf(req);
    expectTypeOf(key).toEqualTypeOf<ValidationSuccess | undefined>();
    res.json({ app: key?.applicationUuid });
  });
}

function fastifyApp(fastify: FastifyInstance, validator: Validator): void {
  fastify.decorateRequest('apiKey', undefined);
  fastify.addHook('onRequest', createFastifyHook(validator));
  fastify.addHook('preHandler', createFastifyHook(validator, { hideCredentials: false }));
  fastify.get('/pizzashack/1.0.0/menu', async (request) => ({ app: apiKeyOf(request)?.applicationUuid }));
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
  const worker: { fetch(request: Request, env: { A: string }, ctx: { waitUntil(p: Promise<unknown>): void }): Promise<Response> } = {
    fetch: withApiKey(validator, (_request, apiKey, env: { A: string }, _ctx: { waitUntil(p: Promise<unknown>): void }) =>
      new Response(env.A + apiKey.jti),
    ),
  };
  const guard = createFetchGuard(validator);
  expectTypeOf(guard).returns.resolves.toHaveProperty('ok');
  // @ts-expect-error the handler must answer a Response
  withApiKey(validator, () => 'text');
  void deno;
  void worker;
}

describe('adapter types', () => {
  it('compile against node:http, Express and Fastify shapes (checked by tsc)', () => {
    expect([expressApp, fastifyApp, nodeHttp, fetchServers].every((f) => typeof f === 'function')).toBe(true);
  });
});
