// keygate/hono: middleware for Hono 4 on any runtime. `hono` is imported for types only.
export { apiKeyOf, createHonoMiddleware } from './middleware.js';
export type { ApiKeyEnv, HonoMiddlewareOptions } from './middleware.js';
export type { AdapterOptions, MiddlewareOptions, ValidatorLike } from '../adapters/options.js';
export type { FetchAdapterOptions } from '../adapters/fetch.js';
