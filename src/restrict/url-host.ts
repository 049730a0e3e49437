import { formatIp, readIp } from './ip-text.js';
import { formatIpv4, readIpv4 } from './ipv4.js';

/** A host of a referrer or a pattern: a lower-case DNS name, or an IP literal in canonical text. */
export interface UrlHost {
  readonly kind: 'domain' | 'ipv4' | 'ipv6';
  /** Lower-case name, dotted quad, or RFC 5952 IPv6 text (without brackets): equal text means equal host. */
  readonly name: string;
  readonly labels: number;
}

const MAX_NAME = 253;
const MAX_LABEL = 63;

function isLabelChar(c: number): boolean {
  const lower = c | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f;
}

function isHex(c: number): boolean {
  const lower = c | 0x20;
  return (c >= 0x30 && c <= 0x39) || (lower >= 0x61 && lower <= 0x66);
}

/**
 * WHATWG URL's "ends in a number" test: such a host is read as an IPv4 address by browsers
 * (`0x7f.1` is 127.0.0.1), so it is accepted only as a strict dotted quad.
 */
function endsInNumber(text: string, labelStart: number, end: number): boolean {
  let digits = true;
  for (let i = labelStart; i < end; i++) digits &&= text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39;
  if (digits) return true;
  if (end - labelStart < 2 || text.charCodeAt(labelStart) !== 0x30 || (text.charCodeAt(labelStart + 1) | 0x20) !== 0x78) {
    return false;
  }
  for (let i = labelStart + 2; i < end; i++) if (!isHex(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Reads the host in `text[start, end)`: `[IPv6]`, a strict dotted quad, or a DNS name of letters,
 * digits, `-` and `_` (labels of 1–63 characters not starting or ending with `-`, 253 at most).
 * Returns the reason as a string when the host does not fit.
 */
export function readHost(text: string, start: number, end: number): UrlHost | string {
  if (start >= end) return 'has an empty host';
  if (text.charCodeAt(start) === 0x5b) {
    const words = new Uint32Array(4);
    if (text.charCodeAt(end - 1) !== 0x5d) return 'has an IPv6 host without its closing "]"';
    const family = readIp(text, start + 1, end - 1, words, 'refuse');
    if (family !== 6) return 'has an invalid IPv6 host';
    return { kind: 'ipv6', name: formatIp(6, words), labels: 1 };
  }
  if (end - start > MAX_NAME) return `has a host longer than ${MAX_NAME} characters`;
  let labelStart = start;
  let labels = 1;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 0x2e;
    if (c !== 0x2e) {
      if (!isLabelChar(c)) return 'has a host with a character other than letters, digits, "-", "_" and "."';
      continue;
    }
    const length = i - labelStart;
    if (length === 0) return 'has a host with an empty label';
    if (length > MAX_LABEL) return `has a host label longer than ${MAX_LABEL} characters`;
    if (text.charCodeAt(labelStart) === 0x2d || text.charCodeAt(i - 1) === 0x2d) {
      return 'has a host label that starts or ends with "-"';
    }
    if (i < end) {
      labels++;
      labelStart = i + 1;
    }
  }
  if (endsInNumber(text, labelStart, end)) {
    const v4 = readIpv4(text, start, end);
    if (v4 < 0) return 'has a host that looks like an IP address but is not a strict dotted quad';
    return { kind: 'ipv4', name: formatIpv4(v4), labels };
  }
  return { kind: 'domain', name: text.slice(start, end).toLowerCase(), labels };
}

/** Reads a port: 0–65535 in decimal without leading zeros. Returns -1 when it does not fit. */
export function readPort(text: string, start: number, end: number): number {
  if (start >= end || end - start > 5 || (text.charCodeAt(start) === 0x30 && end - start > 1)) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    value = value * 10 + (c - 0x30);
  }
  return value <= 65535 ? value : -1;
}

export type WebScheme = 'http' | 'https';

export const DEFAULT_PORT: Readonly<Record<WebScheme, number>> = { http: 80, https: 443 };

/**
 * Reads a leading `http://` or `https://` (any case). Returns the scheme and the index after
 * `//`, `undefined` when the text has no `scheme://` at all, or a reason for another scheme.
 */
export function readScheme(text: string): { scheme: WebScheme; next: number } | undefined | string {
  let i = 0;
  while (i < text.length && ((text.charCodeAt(i) | 0x20) >= 0x61 && (text.charCodeAt(i) | 0x20) <= 0x7a)) i++;
  if (i === 0 || !text.startsWith('://', i)) return undefined;
  const scheme = text.slice(0, i).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return 'has a scheme other than http:// or https://';
  return { scheme, next: i + 3 };
}

/**
 * Splits the authority `text[start, end)` (no userinfo) into host and port. Returns where the
 * host ends and the port (-1 when absent), or a reason.
 */
export function splitAuthority(text: string, start: number, end: number): { hostEnd: number; port: number } | string {
  let hostEnd = end;
  if (text.charCodeAt(start) === 0x5b) {
    const close = text.indexOf(']', start);
    hostEnd = close < 0 || close >= end ? end : close + 1;
  } else {
    const colon = text.indexOf(':', start);
    if (colon >= 0 && colon < end) hostEnd = colon;
  }
  if (hostEnd === end) return { hostEnd, port: -1 };
  if (text.charCodeAt(hostEnd) !== 0x3a) return 'has characters after the IPv6 host';
  const port = readPort(text, hostEnd + 1, end);
  if (port < 0) return 'has a port that is not a number from 0 to 65535 without leading zeros';
  return { hostEnd, port };
}
