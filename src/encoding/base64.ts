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

/**
 * Decodes; returns `undefined` (never throws) on any character outside the alphabet, on padding
 * of the wrong length or in the wrong place, on an impossible length, or on non-zero trailing bits.
 */
function decode(text: string, lookup: Int8Array, allowPadding: boolean): Uint8Array<ArrayBuffer> | undefined {
  let end = text.length;
  if (allowPadding && end % 4 === 0) {
    if (text.charCodeAt(end - 1) === 61 /* = */) end--;
    if (text.charCodeAt(end - 1) === 61) end--;
  }
  if (end % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? lookup[c]! : -1;
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  // Non-canonical encodings (stray low bits) are refused so one byte string has one encoding.
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
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
