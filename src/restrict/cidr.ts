import { KeygateError } from '../errors.js';
import { describeIpError, quoteInput } from './ip-errors.js';
import { formatIp, readIp } from './ip-text.js';

/** Start of `::ffff:0:0/96`: IPv4 addresses live there, so one 128-bit space holds both families. */
export const MAPPED_BASE = 0xffff_0000_0000n;
const ALL_ONES_128 = 0xffff_ffff_ffff_ffff_ffff_ffff_ffff_ffffn; // 2^128 - 1, a literal so bundlers can drop it

/** An inclusive range of the 128-bit space (IPv4 as IPv4-mapped IPv6). */
export interface IpRange {
  readonly lo: bigint;
  readonly hi: bigint;
}

/** A parsed CIDR range, host bits masked off. */
export interface ParsedCidr {
  readonly family: 4 | 6;
  /** The network address, canonical text. */
  readonly address: string;
  readonly prefix: number;
}

type EntryResult =
  | { readonly ok: true; readonly family: 4 | 6; readonly words: Uint32Array; readonly prefix: number; readonly range: IpRange }
  | { readonly ok: false; readonly code: 'ERR_INVALID_IP' | 'ERR_INVALID_CIDR'; readonly reason: string };

function readPrefix(text: string, start: number, max: number): number | string {
  if (start === text.length) return 'has an empty prefix length';
  let value = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return 'has a prefix length that is not plain decimal digits';
    if (i > start && value === 0) return 'has a prefix length with a leading zero';
    value = value * 10 + (c - 0x30);
    if (value > max) return `has a prefix length above ${max}`;
  }
  return value;
}

function toBigInt(family: 4 | 6, words: Uint32Array): bigint {
  if (family === 4) return MAPPED_BASE | BigInt(words[0] ?? 0);
  let value = 0n;
  for (let w = 0; w < 4; w++) value = (value << 32n) | BigInt(words[w] ?? 0);
  return value;
}

function maskWords(family: 4 | 6, words: Uint32Array, prefix: number): void {
  const count = family === 4 ? 1 : 4;
  for (let w = 0; w < count; w++) {
    const bits = Math.min(32, Math.max(0, prefix - 32 * w));
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    words[w] = ((words[w] ?? 0) & mask) >>> 0;
  }
}

/**
 * Reads an allow-list entry: an address (a range of one) or, with `/`, a CIDR range whose host
 * bits are masked, as the WSO2 examples (`152.12.0.0/13`) need. Zone ids are refused.
 */
export function readEntry(text: string): EntryResult {
  const slash = text.indexOf('/');
  if (slash === 0) return { ok: false, code: 'ERR_INVALID_CIDR', reason: 'has no address before "/"' };
  const words = new Uint32Array(4);
  const family = readIp(text, 0, slash < 0 ? text.length : slash, words, 'refuse');
  const code = slash < 0 ? 'ERR_INVALID_IP' : 'ERR_INVALID_CIDR';
  if (family !== 4 && family !== 6) return { ok: false, code, reason: describeIpError(family) };
  const bits = family === 4 ? 32 : 128;
  const prefix = slash < 0 ? bits : readPrefix(text, slash + 1, bits);
  if (typeof prefix === 'string') return { ok: false, code, reason: prefix };
  maskWords(family, words, prefix);
  const lo = toBigInt(family, words);
  const hi = lo | (ALL_ONES_128 >> BigInt(128 - bits + prefix));
  return { ok: true, family, words, prefix, range: { lo, hi } };
}

/** The error for a refused entry: names the entry and what is wrong with it. */
export function entryError(text: string, entry: { readonly code: 'ERR_INVALID_IP' | 'ERR_INVALID_CIDR'; readonly reason: string }): KeygateError {
  const what = entry.code === 'ERR_INVALID_IP' ? 'IP address' : 'CIDR range';
  return new KeygateError(entry.code, `${what} ${quoteInput(text)} ${entry.reason}`);
}

/**
 * Parses a CIDR range (`152.12.0.0/13`, `1001:ab8::/14`). Host bits are masked, not refused.
 * Throws a `KeygateError` with code `ERR_INVALID_CIDR` naming the problem.
 */
export function parseCidr(text: string): ParsedCidr {
  if (typeof text !== 'string') throw new KeygateError('ERR_INVALID_CIDR', 'a CIDR range must be a string');
  if (!text.includes('/')) {
    throw new KeygateError('ERR_INVALID_CIDR', `CIDR range ${quoteInput(text)} has no "/prefix" part`);
  }
  const entry = readEntry(text);
  if (!entry.ok) throw entryError(text, entry);
  return { family: entry.family, address: formatIp(entry.family, entry.words), prefix: entry.prefix };
}
