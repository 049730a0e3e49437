/**
 * Hand-written base64 / base64url codecs over Uint8Array: no `atob`/`Buffer`, identical in every
 * runtime, strict about the alphabet (a key that decodes in one runtime decodes in all).
 */
const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Byte -> 6-bit value, -1 for bytes outside the alphabet (every byte value has a slot). */
function reverse(alphabet: string): Int16Array {
  const table = new Int16Array(256).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}
const URL_LOOKUP = /* @__PURE__ */ reverse(URL_ALPHABET);
const STD_LOOKUP = /* @__PURE__ */ reverse(STD_ALPHABET);

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

const ascii = /* @__PURE__ */ new TextEncoder();

/**
 * A growable buffer reused from call to call, for texts up to 16 KB. Decoding keys must not
 * allocate: in Node every `new Uint8Array` of more than a few dozen bytes costs a native
 * allocation (~0.5 µs) and extra garbage-collector bookkeeping, more than decoding itself.
 */
function reusedBuffer(): (size: number) => Uint8Array<ArrayBuffer> {
  let buffer = new Uint8Array(1024);
  return (size) => {
    if (size > 16 * 1024) return new Uint8Array(size);
    if (size > buffer.length) buffer = new Uint8Array(2 ** Math.ceil(Math.log2(size)));
    return buffer;
  };
}
const asciiBuffer = /* @__PURE__ */ reusedBuffer();
const decodedBuffer = /* @__PURE__ */ reusedBuffer();

/**
 * The bytes of an ASCII `text`, or `undefined` when a character is not ASCII. The bytes live in a
 * buffer reused by the next call: read (or copy) them before then.
 */
export function asciiBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  const n = text.length;
  const bytes = asciiBuffer(n);
  const { read, written } = ascii.encodeInto(text, bytes);
  return read === n && written === n ? bytes : undefined;
}

/**
 * Decodes `bytes[start, end)` into `out` from index 0 and returns the number of bytes written,
 * or -1 (never throws) on any byte outside the alphabet, on padding of the wrong length or in the
 * wrong place, on an impossible length, or on non-zero trailing bits. `out` must hold
 * `(end - start) * 3 / 4` bytes. Four characters make three bytes per step; a byte outside the
 * alphabet makes its group negative, and the OR of every group is checked once at the end.
 */
function decodeInto(bytes: Uint8Array, start: number, end: number, lookup: Int16Array, allowPadding: boolean, out: Uint8Array): number {
  if (allowPadding && (end - start) % 4 === 0) {
    if (end > start && bytes[end - 1] === 61 /* = */) end--;
    if (end > start && bytes[end - 1] === 61) end--;
  }
  const rest = (end - start) % 4;
  if (rest === 1) return -1;
  const full = end - rest;
  let bad = 0;
  let o = 0;
  for (let i = start; i < full; i += 4, o += 3) {
    const n = (lookup[bytes[i]!]! << 18) | (lookup[bytes[i + 1]!]! << 12) | (lookup[bytes[i + 2]!]! << 6) | lookup[bytes[i + 3]!]!;
    bad |= n;
    out[o] = n >> 16;
    out[o + 1] = n >> 8;
    out[o + 2] = n;
  }
  if (rest > 0) {
    const n = (lookup[bytes[full]!]! << 18) | (lookup[bytes[full + 1]!]! << 12) | (rest === 3 ? lookup[bytes[full + 2]!]! << 6 : 0);
    bad |= n;
    out[o++] = n >> 16;
    if (rest === 3) out[o++] = n >> 8;
    // Non-canonical encodings (stray low bits) are refused so one byte string has one encoding.
    if ((rest === 2 ? n & 0xffff : n & 0xff) !== 0) return -1;
  }
  return bad < 0 ? -1 : o;
}

function decode(text: string, lookup: Int16Array, allowPadding: boolean): Uint8Array<ArrayBuffer> | undefined {
  const bytes = asciiBytes(text);
  if (!bytes) return undefined;
  const out = new Uint8Array((text.length * 3) >> 2);
  const n = decodeInto(bytes, 0, text.length, lookup, allowPadding, out);
  if (n < 0) return undefined;
  return n === out.length ? out : out.slice(0, n);
}

/**
 * Decodes base64url (`=` padding as base64UrlDecode) from ASCII bytes (see asciiBytes) into a
 * buffer reused by the next call: read (or copy) the result before then.
 */
export function base64UrlDecodeReused(bytes: Uint8Array, start: number, end: number): Uint8Array<ArrayBuffer> | undefined {
  const out = decodedBuffer(((end - start) * 3) >> 2);
  const n = decodeInto(bytes, start, end, URL_LOOKUP, true, out);
  return n < 0 ? undefined : out.subarray(0, n);
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
