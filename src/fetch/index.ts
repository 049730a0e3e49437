// `keygate/fetch`: the Fetch adapters (Deno.serve, Bun.serve, workers, Hono) around a validator.
export { createFetchGuard, withApiKey, withCorsHeaders } from '../adapters/fetch.js';
export { corsAnswer, corsHeaders } from '../cors/answer.js';
export type { CorsAnswer } from '../cors/answer.js';
export type { FetchAdapterOptions, FetchVerdict } from '../adapters/fetch.js';
export { errorResponse, errorResponseParts } from '../adapters/error-response.js';
export type { ErrorResponseParts } from '../adapters/error-response.js';
export { rateLimitHeaders } from '../adapters/rate-limit-headers.js';
export type { RateLimitHeaderStyle } from '../adapters/rate-limit-headers.js';
export { hideCredentials, removeQueryParam } from '../adapters/hide-credentials.js';
export { forwardedRequest } from '../adapters/forward.js';
export type { AdapterOptions, ApiKeyOf, ValidatorLike } from '../adapters/options.js';
