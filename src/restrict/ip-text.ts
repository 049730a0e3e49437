import { IP_EMPTY, IP_TOO_LONG, IP_ZONE, V4_CHAR, describeIpError, quoteInput } from './ip-errors.js';
import { formatIpv4, readIpv4 } from './ipv4.js';
import { formatIpv6, isIpv4Mapped, readIpv6 } from './ipv6.js';
import { KeygateError } from '../errors.js';

/** Longest text taken for an address: 45 for IPv6 with an IPv4 tail, plus room for a zone id. */
export const MAX_IP_TEXT = 100;

/** What to do with an IPv6 zone id (`fe80::1%eth0`): refuse it (allow-lists) or drop it (clients). */
export type ZoneHandling = 'refuse' | 'drop';

/**
 * Reads an IPv4 or IPv6 address from `text[start, end)` into `out`: family 4 puts the address in
 * `out[0]`, family 6 fills `out[0..3]`. Returns 4, 6, or a negative code from ip-errors. Never
 * allocates, so it can run on every request.
 */
export function readIp(text: string, start: number, end: number, out: Uint32Array, zone: ZoneHandling): 4 | 6 | number {
  if (start >= end) return IP_EMPTY;
  if (end - start > MAX_IP_TEXT) return IP_TOO_LONG;
  let colon = false;
  let addressEnd = end;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3a) colon = true;
    else if (c === 0x25) {
      addressEnd = i;
      break;
    }
  }
  if (addressEnd < end) {
    // A zone belongs to a link-local IPv6 peer; it says nothing about who the client is.
    if (zone === 'refuse') return IP_ZONE;
    if (!colon || addressEnd + 1 === end) return colon ? IP_ZONE : V4_CHAR;
  }
  if (!colon) {
    const v4 = readIpv4(text, start, addressEnd);
    if (v4 < 0) return v4;
    out[0] = v4;
    return 4;
  }
  const status = readIpv6(text, start, addressEnd, out);
  return status < 0 ? status : 6;
}

/** A parsed address. */
export interface ParsedIp {
  readonly family: 4 | 6;
  /** Canonical text: dotted quad, or RFC 5952 (lower case, shortest form) for IPv6. */
  readonly address: string;
}

export function formatIp(family: 4 | 6, words: ArrayLike<number>): string {
  return family === 4 ? formatIpv4(words[0] ?? 0) : formatIpv6(words);
}

/**
 * Parses one IP address with the strict grammar (see docs/restrictions.md). Throws a
 * `KeygateError` with code `ERR_INVALID_IP` naming the problem; zone ids are refused.
 */
export function parseIp(text: string): ParsedIp {
  if (typeof text !== 'string') throw new KeygateError('ERR_INVALID_IP', 'an IP address must be a string');
  const words = new Uint32Array(4);
  const family = readIp(text, 0, text.length, words, 'refuse');
  if (family !== 4 && family !== 6) {
    throw new KeygateError('ERR_INVALID_IP', `IP address ${quoteInput(text)} ${describeIpError(family)}`);
  }
  return { family, address: formatIp(family, words) };
}

const scratch = /* @__PURE__ */ new Uint32Array(4);

/**
 * The canonical text of a client address in `text[start, end)`, or `undefined` when it is not
 * one. The zone id is dropped and an IPv4-mapped address is given as plain IPv4, so
 * `::ffff:10.1.2.3` and `10.1.2.3` are the same client.
 */
export function canonicalClientIp(text: string, start = 0, end = text.length): string | undefined {
  const family = readIp(text, start, end, scratch, 'drop');
  // The IPv4 grammar admits one spelling per address (no leading zeros, no short or hex forms),
  // so the text read is already canonical: handing it back saves building a new string per call.
  if (family === 4) return start === 0 && end === text.length ? text : text.slice(start, end);
  if (family !== 6) return undefined;
  return isIpv4Mapped(scratch) ? formatIpv4(scratch[3] as number) : formatIpv6(scratch);
}
