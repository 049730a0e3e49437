import { KeygateError } from '../errors.js';

/**
 * Digests key strings: returns a 30-bit index (a small integer V8 keeps unboxed, for a Map) and
 * leaves 96 more bits of the same 128-bit digest in `check`, to compare on lookup. Together they
 * stand for the exact string. Returns -1 for a string it does not digest.
 */
export interface KeyDigester {
  (text: string): number;
  /** c1, c2, c3 of the last digest (overwritten by the next call: read it at once). */
  readonly check: Int32Array;
}

const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * Two HalfSipHash-1-3 lanes (64-bit output each) under independent random 64-bit keys drawn
 * when the digester is made, so nobody outside the process can aim a collision at a cached
 * key: two different strings share a digest with probability 2^-126 (the 2 bits left over go unused).
 *
 * Why not the key string itself as the Map key? An RS256 API key is ~1 KB, so 100,000 cached
 * keys would hold ~100 MB of strings; this digest is 16 bytes. It is also faster: hashing a
 * fresh 1 KB string for a Map lookup costs more than these rounds over `encodeInto` output. It
 * allocates nothing.
 *
 * Only ASCII strings are digested (every well-formed API key is ASCII); anything else, or a
 * string longer than `maxLength`, gives -1 and is simply not cached.
 */
export function createKeyDigester(maxLength = 65_536, fixedKeys?: Int32Array): KeyDigester {
  // `fixedKeys` is for the known-answer tests only.
  const random = fixedKeys ?? globalThis.crypto?.getRandomValues?.(new Int32Array(4));
  if (!random) throw new KeygateError('ERR_RUNTIME_UNSUPPORTED', 'crypto.getRandomValues is not available in this runtime');
  const [a0 = 0, a1 = 0, b0 = 0, b1 = 0] = random;
  const check = new Int32Array(3);
  let bytes = new Uint8Array(1024);
  let words = new Int32Array(bytes.buffer);

  const digest = (text: string): number => {
    const n = text.length;
    if (n > maxLength) return -1;
    if (n > bytes.length) {
      bytes = new Uint8Array(Math.min(maxLength, 2 ** Math.ceil(Math.log2(n))) + 4);
      words = new Int32Array(bytes.buffer, 0, bytes.length >> 2);
    }
    const { read, written } = encoder.encodeInto(text, bytes);
    if (read !== n || written !== n) return -1; // not ASCII: UTF-8 would be longer

    // Lane A: v0..v3, lane B: u0..u3 (HalfSipHash init with 64-bit output: v1 ^= 0xee).
    let v0 = a0;
    let v1 = a1 ^ 0xee;
    let v2 = 0x6c796765 ^ a0;
    let v3 = 0x74656462 ^ a1;
    let u0 = b0;
    let u1 = b1 ^ 0xee;
    let u2 = 0x6c796765 ^ b0;
    let u3 = 0x74656462 ^ b1;
    let outA = 0;
    let outB = 0;
    const full = n >> 2;
    // One SipRound per step in each lane (independent lanes, so the CPU overlaps them): a round per
    // 4-byte word, one for the final block, then 2 x 3 finalisation rounds with no message (m = 0).
    for (let i = 0, steps = full + 7; i < steps; i++) {
      let m = 0;
      if (i < full) m = words[i]!;
      else if (i === full) {
        // Final block: length byte on top, then the 0..3 trailing bytes (reference padding).
        m = n << 24;
        const t = i << 2;
        for (let j = n - t - 1; j >= 0; j--) m |= bytes[t + j]! << (8 * j);
      } else if (i === full + 1) {
        v2 ^= 0xee;
        u2 ^= 0xee;
      } else if (i === full + 4) {
        outA = v1 ^ v3;
        outB = u1 ^ u3;
        v1 ^= 0xdd;
        u1 ^= 0xdd;
      }
      v3 ^= m;
      u3 ^= m;
      v0 = (v0 + v1) | 0; v1 = (v1 << 5) | (v1 >>> 27); v1 ^= v0; v0 = (v0 << 16) | (v0 >>> 16);
      v2 = (v2 + v3) | 0; v3 = (v3 << 8) | (v3 >>> 24); v3 ^= v2;
      v0 = (v0 + v3) | 0; v3 = (v3 << 7) | (v3 >>> 25); v3 ^= v0;
      v2 = (v2 + v1) | 0; v1 = (v1 << 13) | (v1 >>> 19); v1 ^= v2; v2 = (v2 << 16) | (v2 >>> 16);
      u0 = (u0 + u1) | 0; u1 = (u1 << 5) | (u1 >>> 27); u1 ^= u0; u0 = (u0 << 16) | (u0 >>> 16);
      u2 = (u2 + u3) | 0; u3 = (u3 << 8) | (u3 >>> 24); u3 ^= u2;
      u0 = (u0 + u3) | 0; u3 = (u3 << 7) | (u3 >>> 25); u3 ^= u0;
      u2 = (u2 + u1) | 0; u1 = (u1 << 13) | (u1 >>> 19); u1 ^= u2; u2 = (u2 << 16) | (u2 >>> 16);
      v0 ^= m;
      u0 ^= m;
    }
    check[0] = v1 ^ v3;
    check[1] = outB;
    check[2] = u1 ^ u3;
    return outA & 0x3fffffff;
  };
  return Object.assign(digest, { check });
}
