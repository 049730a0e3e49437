/*
 * Minimal replicas of the Express (@types/express-serve-static-core 4/5) and Fastify (4/5) types
 * that decide whether keygate's adapters fit without casts: request/response/reply interfaces built
 * on node's http types, `NextFunction`'s overloads, Fastify's generic `code()` and thenable reply,
 * and the hook and handler signatures. `any` in the originals is `unknown` here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ParsedQs {
  [key: string]: undefined | string | string[] | ParsedQs | ParsedQs[];
}

export interface ExpressRequest<Q = ParsedQs> extends IncomingMessage {
  originalUrl: string;
  baseUrl: string;
  path: string;
  query: Q;
  params: Record<string, string>;
  body: unknown;
  ip: string | undefined;
  get(name: string): string | undefined;
}

export interface ExpressResponse extends ServerResponse {
  status(code: number): this;
  json(body: unknown): this;
  send(body: unknown): this;
  set(field: string, value?: string | string[]): this;
  locals: Record<string, unknown>;
}

export interface ExpressNextFunction {
  (err?: unknown): void;
  (deferToNext: 'router'): void;
  (deferToNext: 'route'): void;
}

export type ExpressRequestHandler = (req: ExpressRequest, res: ExpressResponse, next: ExpressNextFunction) => void | Promise<void>;

export interface ExpressApp {
  use(...handlers: ExpressRequestHandler[]): this;
  use(path: string, ...handlers: ExpressRequestHandler[]): this;
  get(path: string, ...handlers: ExpressRequestHandler[]): this;
}

type ResponseCodes = 200 | 201 | 204 | 400 | 401 | 403 | 404 | 429 | 500 | 503;

export interface FastifyRequest<Query = unknown> {
  id: string;
  params: unknown;
  raw: IncomingMessage;
  query: Query;
  headers: IncomingMessage['headers'];
  body: unknown;
  ip: string;
  hostname: string;
  url: string;
  method: string;
}

export interface FastifyReply<Codes extends number = number> {
  raw: ServerResponse;
  statusCode: number;
  sent: boolean;
  code<Code extends Codes>(statusCode: Code): FastifyReply<Codes>;
  status<Code extends Codes>(statusCode: Code): FastifyReply<Codes>;
  send(payload?: unknown): FastifyReply<Codes>;
  header(key: string, value: unknown): FastifyReply<Codes>;
  headers(values: Partial<Record<string, number | string | string[] | undefined>>): FastifyReply<Codes>;
  then(fulfilled: () => void, rejected: (err: Error) => void): void;
}

export type FastifyAsyncHook = (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply<ResponseCodes>) => Promise<unknown>;
export type FastifyCallbackHook = (
  this: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply<ResponseCodes>,
  done: (err?: Error) => void,
) => void;

export interface FastifyInstance {
  addHook(name: 'onRequest' | 'preHandler', hook: FastifyCallbackHook | FastifyAsyncHook): FastifyInstance;
  decorateRequest(name: string, value: unknown): FastifyInstance;
  get(path: string, handler: (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => unknown): FastifyInstance;
}
