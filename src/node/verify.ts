import type { ResolvedAdapterOptions, ValidatorLike } from '../adapters/options.js';
import { failure } from '../validate/failures.js';
import type { ValidationResult } from '../validate/types.js';
import { readNodeRequest } from './request.js';
import type { NodeRequestLike } from './types.js';

/** Validates a Node request; a path that URL parsing would rewrite is refused (fail closed). */
export async function validateNodeRequest(
  validator: ValidatorLike,
  options: ResolvedAdapterOptions,
  req: NodeRequestLike,
): Promise<ValidationResult> {
  const { request, context, pathIsNormal } = readNodeRequest(req);
  if (!pathIsNormal) return failure('unknown_api', 'The request path has dot segments or backslashes; send it in normal form');
  return validator.validate(request, options.api === undefined ? context : { ...context, api: options.api });
}
