import type { ValidationSuccess } from '../validate/types.js';

/**
 * The verified key that keygate's middleware or hook put on a request, typed, so Express and
 * Fastify code reads it without a cast or a declaration merge. `undefined` when no key was verified.
 */
export function apiKeyOf(request: object): ValidationSuccess | undefined {
  const value = (request as { apiKey?: unknown }).apiKey;
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === true ? (value as ValidationSuccess) : undefined;
}
