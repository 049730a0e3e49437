import { KeygateError } from '../errors.js';

/** The alias WSO2 API Manager signs with by default; it becomes the JWT `kid`. */
export const DEFAULT_ALIAS = 'gateway_certificate_alias';

/** Aliases are `kid` values: bounded so a store never keys on (or a header never carries) huge strings. */
export const MAX_ALIAS_LENGTH = 256;

/** Validates a user-supplied alias; `undefined` falls back to `fallback`. */
export function requireAlias(value: unknown, field: string, fallback: string = DEFAULT_ALIAS): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ALIAS_LENGTH) {
    throw new KeygateError(
      'ERR_INVALID_OPTION',
      `${field} must be a non-empty string of at most ${MAX_ALIAS_LENGTH} characters`,
    );
  }
  return value;
}
