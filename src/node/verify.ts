import type { ResolvedAdapterOptions, ValidatorLike } from '../adapters/options.js';
import { ambiguousPath } from '../validate/failures.js';
import type { ValidationResult } from '../validate/types.js';
import { readNodeRequest } from './request.js';
import type { NodeRequestLike } from './types.js';

/**
 * Validates a Node request; a path that URL parsing would rewrite is refused (fail closed). A plain
 * function returning the validator's promise: an `async` one would add promise hops to every call.
 */
export function validateNodeRequest(validator: ValidatorLike, options: ResolvedAdapterOptions, req: NodeRequestLike): Promise<ValidationResult> {
  const { request, context, pathIsNormal } = readNodeRequest(req);
  // Whatever the validator's `strictPaths`: the router serves the path as sent.
  if (!pathIsNormal) return Promise.resolve(ambiguousPath());
  return validator.validate(request, options.api === undefined ? context : { ...context, api: options.api });
}
