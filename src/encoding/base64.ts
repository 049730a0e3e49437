/**
 * Hand-written base64 / base64url codecs over Uint8Array: no `atob`/`Buffer`, identical in every
 * runtime, strict about the alphabet (a key that decodes in one runtime decodes in all).
 */
const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function reverse(alphabet: string): Int8Array {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}
const URL_LOOKUP = reverse(URL_ALPHABET);
const STD_LOOKUP = reverse(STD_ALPHABET);

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[n >>> 18]! + alphabet[(n >>> 12) & 63]! + alphabet[(n >>> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[n >>> 18]! + alphabet[(n >>> 12) & 63]! + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[n >>> 18]! + alphabet[(n >>> 12) & 63]! + alphabet[(n >>> 6) & 63]! + (pad ? '=' : '');
  }
  return out;
}

/** The 6-bit value of a character, or -1 outside the alphabet (any code unit, ASCII or not). */
const sextet = (lookup: Int8Array, c: number): number => (c < 128 ? lookup[c]! : -1);

/**
 * Decodes; returns `undefined` (never throws) on any character outside the alphabet, on padding
 * of the wrong length or in the wrong place, on an impossible length, or on non-zero trailing bits.
 * Four characters make three bytes per step; a bad character makes a value negative, and the
 * OR of every value is checked once at the end (keys are decoded on every uncached call).
 */
function decode(text: string, lookup: Int8Array, allowPadding: boolean): Uint8Array<ArrayBuffer> | undefined {
  let end = text.length;
  if (allowPadding && end % 4 === 0) {
    if (text.charCodeAt(end - 1) === 61 /* = */) end--;
    if (text.charCodeAt(end - 1) === 61) end--;
  }
  const rest = end % 4;
  if (rest === 1) return undefined;
  const out = new Uint8Array((end * 3) >> 2);
  const full = end - rest;
  let o = 0;
  let bad = 0;
  for (let i = 0; i < full; i += 4) {
    const a = sextet(lookup, text.charCodeAt(i));
    const b = sextet(lookup, text.charCodeAt(i + 1));
    const c = sextet(lookup, text.charCodeAt(i + 2));
    const d = sextet(lookup, text.charCodeAt(i + 3));
    bad |= a | b | c | d;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  if (rest > 0) {
    const a = sextet(lookup, text.charCodeAt(full));
    const b = sextet(lookup, text.charCodeAt(full + 1));
    const c = rest === 3 ? sextet(lookup, text.charCodeAt(full + 2)) : 0;
    bad |= a | b | c;
    const n = (a << 18) | (b << 12) | (c << 6);
    out[o++] = n >>> 16;
    if (rest === 3) out[o++] = (n >>> 8) & 0xff;
    // Non-canonical encodings (stray low bits) are refused so one byte string has one encoding.
    if ((rest === 2 ? n & 0xffff : n & 0xff) !== 0) return undefined;
  }
  return bad < 0 ? undefined : out;
}

/** Unpadded base64url (RFC 4648 §5), as keygate writes JWS segments. */
export function base64UrlEncode(bytes: Uint8Array): string {
  return encode(bytes, URL_ALPHABET, false);
}

/** Padded base64url, as WSO2 API Manager writes JWS segments and `x5t`. */
export function base64UrlEncodePadded(bytes: Uint8Array): string {
  return encode(bytes, URL_ALPHABET, true);
}

/** Decodes base64url; accepts `=` padding of the exact right length; refuses `+`, `/`, whitespace. */
export function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> | undefined {
  return decode(text, URL_LOOKUP, true);
}

/** Standard padded base64 (PEM bodies, JWK `x5c`). */
export function base64Encode(bytes: Uint8Array): string {
  return encode(bytes, STD_ALPHABET, true);
}

/** Decodes standard base64; padding optional but must be exact when present. */
export function base64Decode(text: string): Uint8Array<ArrayBuffer> | undefined {
  return decode(text, STD_LOOKUP, true);
}
