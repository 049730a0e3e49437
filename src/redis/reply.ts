import { utf8Decode } from '../encoding/utf8.js';
import { KeygateError } from '../errors.js';

/**
 * Raw replies differ by client and protocol: strings or bytes, RESP2 flat arrays or RESP3 maps.
 * These helpers turn them into plain values and treat anything unexpected as an outage, so a
 * confused client or a foreign value under our prefix fails closed.
 */
function unexpected(what: string): KeygateError {
  return new KeygateError('ERR_STORE_UNAVAILABLE', `Redis returned an unexpected reply for ${what}`);
}

export function replyString(reply: unknown, what: string): string | undefined {
  if (reply === null || reply === undefined) return undefined;
  if (typeof reply === 'string') return reply;
  if (reply instanceof Uint8Array) {
    const text = utf8Decode(reply);
    if (text !== undefined) return text;
  }
  throw unexpected(what);
}

export function replyNumber(reply: unknown, what: string): number {
  const value = typeof reply === 'string' ? Number(reply) : reply;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw unexpected(what);
}

export function replyArray(reply: unknown, what: string): readonly unknown[] {
  if (Array.isArray(reply)) return reply as readonly unknown[];
  throw unexpected(what);
}

/** HGETALL: a RESP2 flat `[field, value, ...]` array, a RESP3 Map, or a plain object. */
export function replyPairs(reply: unknown, what: string): Array<[string, string]> {
  let entries: Array<[unknown, unknown]>;
  if (reply instanceof Map) entries = [...(reply as Map<unknown, unknown>)];
  else if (Array.isArray(reply)) entries = pairsOf(reply as readonly unknown[], what);
  else if (reply !== null && typeof reply === 'object' && !(reply instanceof Uint8Array)) entries = Object.entries(reply);
  else throw unexpected(what);
  return entries.map(([k, v]) => [replyString(k, what) ?? '', replyString(v, what) ?? '']);
}

function pairsOf(flat: readonly unknown[], what: string): Array<[unknown, unknown]> {
  if (flat.length % 2 !== 0) throw unexpected(what);
  const pairs: Array<[unknown, unknown]> = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
  return pairs;
}
