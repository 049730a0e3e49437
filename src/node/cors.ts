import type { AnyValidationSuccess } from '../validate/types.js';
import { corsAnswer, type CorsAnswer } from '../cors/answer.js';
import type { ResolvedAdapterOptions, ValidatorLike } from '../adapters/options.js';
import { readNodeRequest } from './request.js';
import type { NodeRequestLike } from './types.js';

/**
 * CORS for a Node request (see corsAnswer): `undefined`, at the cost of one header read, for
 * requests without `Origin` (no browser) or validators without CORS.
 */
export function nodeCorsAnswer(validator: ValidatorLike<AnyValidationSuccess>, options: ResolvedAdapterOptions, req: NodeRequestLike): CorsAnswer | undefined {
  if (req.headers.origin === undefined || validator.cors === undefined) return undefined;
  const { request, context, pathIsNormal } = readNodeRequest(req);
  if (!pathIsNormal) return undefined; // refused as ambiguous_path anyway
  return corsAnswer(validator, request, options.api === undefined ? context : { ...context, api: options.api });
}
