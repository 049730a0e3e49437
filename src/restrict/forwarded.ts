import { canonicalClientIp } from './ip-text.js';
import { readPort } from './url-host.js';

/** Longest forwarding header read; a longer one cannot be trusted to be complete and fails closed. */
export const MAX_FORWARDING_HEADER = 8192;

const isOws = (c: number): boolean => c === 0x20 || c === 0x09;

/** RFC 7230 tchar. */
function isTokenChar(c: number): boolean {
  if ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)) return true;
  return c > 0x20 && c < 0x7f && "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c));
}

/**
 * Reads one hop as proxies write it: `1.2.3.4`, `1.2.3.4:port`, `2001:db8::1`,
 * `[2001:db8::1]` or `[2001:db8::1]:port`. Returns the canonical address or `undefined`
 * (also for RFC 7239's `unknown` and `_obfuscated` identifiers).
 */
export function readHop(text: string): string | undefined {
  if (text.charCodeAt(0) === 0x5b) {
    const close = text.indexOf(']');
    if (close < 0) return undefined;
    const portOk = close + 1 === text.length || (text.charCodeAt(close + 1) === 0x3a && readPort(text, close + 2, text.length) >= 0);
    if (!portOk) return undefined;
    const ip = canonicalClientIp(text, 1, close);
    return ip?.includes(':') ? ip : undefined;
  }
  const colon = text.indexOf(':');
  if (colon >= 0 && colon === text.lastIndexOf(':') && text.includes('.')) {
    if (readPort(text, colon + 1, text.length) < 0) return undefined;
    return canonicalClientIp(text, 0, colon);
  }
  return canonicalClientIp(text);
}

/** The hops of an `X-Forwarded-For` value, left to right; empty list elements are skipped. */
export function xForwardedForHops(value: string): string[] {
  return value
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
}

/**
 * The `for=` values of an RFC 7239 `Forwarded` value, left to right. An element without `for`
 * yields `''` (an unknown hop); a malformed header yields `undefined`.
 */
export function forwardedHops(value: string): string[] | undefined {
  const hops: string[] = [];
  let current: string | undefined;
  let pairs = 0;
  let i = 0;
  const finish = (): void => {
    if (pairs > 0) hops.push(current ?? '');
    current = undefined;
    pairs = 0;
  };
  for (;;) {
    while (i < value.length && isOws(value.charCodeAt(i))) i++;
    if (i === value.length) break;
    const c = value.charCodeAt(i);
    if (c === 0x2c || c === 0x3b) {
      if (c === 0x2c) finish();
      i++;
      continue;
    }
    const nameStart = i;
    while (i < value.length && isTokenChar(value.charCodeAt(i))) i++;
    if (i === nameStart || value.charCodeAt(i) !== 0x3d) return undefined;
    const name = value.slice(nameStart, i++).toLowerCase();
    let parameter = '';
    if (value.charCodeAt(i) === 0x22) {
      for (i++; i < value.length && value.charCodeAt(i) !== 0x22; i++) {
        if (value.charCodeAt(i) === 0x5c) i++;
        parameter += value.charAt(i);
      }
      if (i++ >= value.length) return undefined;
    } else {
      const valueStart = i;
      while (i < value.length && isTokenChar(value.charCodeAt(i))) i++;
      parameter = value.slice(valueStart, i);
    }
    if (name === 'for') {
      if (current !== undefined) return undefined;
      current = parameter;
    }
    pairs++;
    while (i < value.length && isOws(value.charCodeAt(i))) i++;
    if (i < value.length && value.charCodeAt(i) !== 0x2c && value.charCodeAt(i) !== 0x3b) return undefined;
  }
  finish();
  return hops;
}
