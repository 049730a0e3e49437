/**
 * Why an address or range was refused. The allocation-free parsers return these negative
 * codes instead of throwing, so the per-request path never builds an Error or a string.
 */
export const IP_EMPTY = -1;
export const V4_PARTS = -2;
export const V4_EMPTY_PART = -3;
export const V4_LEADING_ZERO = -4;
export const V4_HEX = -5;
export const V4_RANGE = -6;
export const V4_CHAR = -7;
export const V6_GROUP_LENGTH = -8;
export const V6_DOUBLE_COMPRESSION = -9;
export const V6_GROUP_COUNT = -10;
export const V6_COLON = -11;
export const V6_CHAR = -12;
export const V6_IPV4_TAIL = -13;
export const IP_ZONE = -14;
export const IP_TOO_LONG = -15;

// Built when an error is described, not at load: a bundle that never describes one (the core, which
// only reads client addresses) drops the strings even when this module is in a shared chunk.
const messages = (): Readonly<Record<number, string>> => ({
  [IP_EMPTY]: 'is empty',
  [V4_PARTS]: 'must have exactly four decimal parts (short forms such as 127.1 are refused)',
  [V4_EMPTY_PART]: 'has an empty part',
  [V4_LEADING_ZERO]: 'has a part with a leading zero (octal-looking forms such as 010 are refused)',
  [V4_HEX]: 'has a hexadecimal part (forms such as 0x7f are refused)',
  [V4_RANGE]: 'has a part above 255',
  [V4_CHAR]: 'contains a character that is not a digit or a dot',
  [V6_GROUP_LENGTH]: 'has an IPv6 group longer than four hex digits',
  [V6_DOUBLE_COMPRESSION]: 'uses "::" more than once',
  [V6_GROUP_COUNT]: 'does not have eight IPv6 groups (or "::" standing for at least one)',
  [V6_COLON]: 'has a misplaced colon',
  [V6_CHAR]: 'contains a character that is not a hex digit, a colon or a dot',
  [V6_IPV4_TAIL]: 'has an invalid embedded IPv4 tail',
  [IP_ZONE]: 'carries a zone id (%...), which an allow-list entry may not have',
  [IP_TOO_LONG]: 'is too long to be an IP address',
});

export function describeIpError(code: number): string {
  return messages()[code] ?? 'is not a valid IP address';
}

export { quoteInput } from '../encoding/quote.js';
