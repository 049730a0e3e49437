import { IP_EMPTY, V4_CHAR, V4_EMPTY_PART, V4_HEX, V4_LEADING_ZERO, V4_PARTS, V4_RANGE } from './ip-errors.js';

const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * Reads a strict dotted quad from `text[start, end)`: four decimal parts 0–255 without leading
 * zeros. Returns the address as an unsigned 32-bit number, or a negative code from ip-errors.
 * The forms other parsers accept (`010.0.0.1` octal, `0x7f.1` hex, `127.1` short) are refused,
 * because each of them means a different address to some other program.
 */
export function readIpv4(text: string, start: number, end: number): number {
  if (start >= end) return IP_EMPTY;
  let value = 0;
  let parts = 0;
  let octet = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= ZERO && c <= NINE) {
      if (digits > 0 && octet === 0) return V4_LEADING_ZERO;
      octet = octet * 10 + (c - ZERO);
      if (octet > 255) return V4_RANGE;
      digits++;
    } else if (c === DOT) {
      if (digits === 0) return V4_EMPTY_PART;
      if (++parts > 3) return V4_PARTS;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else if ((c | 0x20) === 0x78 && digits === 1 && octet === 0) {
      return V4_HEX;
    } else {
      return V4_CHAR;
    }
  }
  if (digits === 0) return V4_EMPTY_PART;
  if (parts !== 3) return V4_PARTS;
  return value * 256 + octet;
}

export function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}
