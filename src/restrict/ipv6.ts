import {
  IP_EMPTY,
  V6_CHAR,
  V6_COLON,
  V6_DOUBLE_COMPRESSION,
  V6_GROUP_COUNT,
  V6_GROUP_LENGTH,
  V6_IPV4_TAIL,
} from './ip-errors.js';
import { formatIpv4, readIpv4 } from './ipv4.js';

const COLON = 0x3a;
const DOT = 0x2e;

// Scratch for the eight 16-bit groups: parsing never allocates (JS runs one parse at a time).
const groups = /* @__PURE__ */ new Uint16Array(8);

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/**
 * Reads an IPv6 address (RFC 4291 section 2.2: groups of one to four hex digits in any case,
 * one `::`, an optional dotted-quad tail) from `text[start, end)` into `out` as four big-endian
 * 32-bit words. Returns 0, or a negative code from ip-errors. Zone ids are the caller's business.
 */
export function readIpv6(text: string, start: number, end: number, out: Uint32Array): number {
  if (start >= end) return IP_EMPTY;
  let count = 0;
  let compressAt = -1;
  let i = start;
  if (text.charCodeAt(i) === COLON) {
    if (text.charCodeAt(i + 1) !== COLON || i + 1 >= end) return V6_COLON;
    compressAt = 0;
    i += 2;
  }
  while (i < end) {
    let value = 0;
    let j = i;
    for (; j < end && j - i < 5; j++) {
      const digit = hexValue(text.charCodeAt(j));
      if (digit < 0) break;
      value = value * 16 + digit;
    }
    if (j < end && text.charCodeAt(j) === DOT) {
      // Dotted-quad tail: the last 32 bits, so at most six groups may come before it.
      if (count > 6) return V6_GROUP_COUNT;
      const v4 = readIpv4(text, i, end);
      if (v4 < 0) return V6_IPV4_TAIL;
      groups[count++] = v4 >>> 16;
      groups[count++] = v4 & 0xffff;
      i = end;
      break;
    }
    const digits = j - i;
    if (digits > 4) return V6_GROUP_LENGTH;
    if (digits === 0) return j < end && text.charCodeAt(j) === COLON ? V6_COLON : V6_CHAR;
    if (count === 8) return V6_GROUP_COUNT;
    groups[count++] = value;
    i = j;
    if (i === end) break;
    if (text.charCodeAt(i) !== COLON) return V6_CHAR;
    i++;
    if (i < end && text.charCodeAt(i) === COLON) {
      if (compressAt >= 0) return V6_DOUBLE_COMPRESSION;
      compressAt = count;
      i++;
    } else if (i === end) {
      return V6_COLON;
    }
  }
  if (compressAt < 0) {
    if (count !== 8) return V6_GROUP_COUNT;
  } else {
    // "::" stands for one or more zero groups: move the groups after it to the end.
    if (count > 7) return V6_GROUP_COUNT;
    const tail = count - compressAt;
    for (let k = 0; k < tail; k++) groups[7 - k] = groups[count - 1 - k] ?? 0;
    for (let k = compressAt; k < 8 - tail; k++) groups[k] = 0;
  }
  for (let w = 0; w < 4; w++) out[w] = (((groups[2 * w] ?? 0) << 16) | (groups[2 * w + 1] ?? 0)) >>> 0;
  return 0;
}

/** True when the words hold an IPv4-mapped address (`::ffff:a.b.c.d`). */
export function isIpv4Mapped(words: ArrayLike<number>): boolean {
  return words[0] === 0 && words[1] === 0 && words[2] === 0xffff;
}

/** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as `::`. */
export function formatIpv6(words: ArrayLike<number>): string {
  if (isIpv4Mapped(words)) return `::ffff:${formatIpv4(words[3] ?? 0)}`;
  const parts: number[] = [];
  for (let w = 0; w < 4; w++) parts.push((words[w] ?? 0) >>> 16, (words[w] ?? 0) & 0xffff);
  let bestStart = -1;
  let bestLength = 1;
  for (let k = 0; k < 8; ) {
    if (parts[k] !== 0) {
      k++;
      continue;
    }
    let run = k;
    while (run < 8 && parts[run] === 0) run++;
    if (run - k > bestLength) [bestStart, bestLength] = [k, run - k];
    k = run;
  }
  const hex = (from: number, to: number): string => parts.slice(from, to).map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}
