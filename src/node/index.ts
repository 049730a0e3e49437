// keygate/node: Node's http, Connect/Express and Fastify. Structural types only: no node:* import.
export { apiKeyOf } from './api-key.js';
export { createFastifyHook } from './fastify.js';
export type { FastifyHook, FastifyHookOptions } from './fastify.js';
export { hideNodeCredentials, prepareNodeForward } from './hide.js';
export { createNodeMiddleware } from './middleware.js';
export type { NodeMiddleware, NodeMiddlewareOptions } from './middleware.js';
export { readNodeRequest } from './request.js';
export type { NodeRequestView } from './request.js';
export type { FastifyReplyLike, FastifyRequestLike, NextLike, NodeHeaders, NodeRequestLike, NodeResponseLike } from './types.js';
export type { AdapterOptions, MiddlewareOptions, ValidatorLike } from '../adapters/options.js';
