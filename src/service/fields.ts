import { quoteInput } from '../encoding/quote.js';
import { KeygateError } from '../errors.js';

/** A parsed JSON object from a request (prototype-free). */
export type Fields = Readonly<Record<string, unknown>>;

/** Throws the 400 of a bad field: the message starts with the field's name. */
export function invalidField(field: string, problem: string): never {
  throw new KeygateError('ERR_INVALID_REQUEST', `${field}: ${problem}`);
}

// C0 and C1 controls: nothing a name or a description needs, and they hide text in logs and pages.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Refuses fields the endpoint does not know (a typo would otherwise be ignored without a word).
 * `ignored` are WSO2's read-only fields, which clients send back in a PUT.
 */
export function onlyFields(body: Fields, known: readonly string[], ignored: readonly string[] = [], at = ''): void {
  for (const name of Object.keys(body)) {
    if (!known.includes(name) && !ignored.includes(name)) invalidField(`${at}${name}`, `unknown field (known: ${known.join(', ')})`);
  }
}

export function optionalString(body: Fields, field: string, max: number, at = ''): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return invalidField(`${at}${field}`, 'must be a string');
  if (value.length > max) return invalidField(`${at}${field}`, `must be at most ${max} characters`);
  if (CONTROL.test(value)) return invalidField(`${at}${field}`, 'must not contain control characters');
  return value;
}

/** A required, trimmed, non-empty string. */
export function requiredString(body: Fields, field: string, max: number): string {
  const value = optionalString(body, field, max)?.trim();
  return value === undefined || value.length === 0 ? invalidField(field, 'is required') : value;
}

/** One of `allowed` (the message lists them). */
export function oneOf<T extends string>(value: string, allowed: readonly T[], field: string): T {
  return allowed.includes(value as T) ? (value as T) : invalidField(field, `${quoteInput(value)} is not one of ${allowed.join(', ')}`);
}

/** An object of strings, at most `maxEntries` of them. */
export function optionalStringMap(body: Fields, field: string, maxEntries: number, maxLength: number): Record<string, string> | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return invalidField(field, 'must be an object of strings');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > maxEntries) invalidField(field, `must have at most ${maxEntries} entries`);
  const map: Record<string, string> = {};
  for (const [name] of entries) {
    if (name.length === 0 || name.length > maxLength) invalidField(`${field}.${name}`, `names must be 1 to ${maxLength} characters`);
    map[name] = optionalString(value as Fields, name, maxLength, `${field}.`) ?? invalidField(`${field}.${name}`, 'must be a string');
  }
  return map;
}

/** A query parameter that is a whole number in [min, max]; `fallback` when absent. */
export function queryInteger(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const text = query.get(name);
  if (text === null) return fallback;
  const value = /^[0-9]{1,9}$/.test(text) ? Number(text) : Number.NaN;
  return value >= min && value <= max ? value : invalidField(name, `must be a whole number from ${min} to ${max}`);
}

/** `offset` and `limit` of a list (WSO2's defaults: 0 and 25). */
export function pageOf(query: URLSearchParams): { offset: number; limit: number } {
  return { offset: queryInteger(query, 'offset', 0, 0, 1e9), limit: queryInteger(query, 'limit', 25, 1, 1000) };
}
