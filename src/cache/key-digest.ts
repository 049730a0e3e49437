import { KeygateError } from '../errors.js';

/**
 * A 128-bit keyed digest of a key string. `id` (30 bits, a small integer V8 stores unboxed)
 * indexes a Map; `c1..c3` (96 more bits) are compared on lookup. Together they stand for the
 * exact string (see createKeyDigester).
 */
export interface KeyDigest {
  readonly id: number;
  readonly c1: number;
  readonly c2: number;
  readonly c3: number;
}

const encoder = new TextEncoder();

/**
 * Two HalfSipHash-1-3 lanes (64-bit output each) under independent random 64-bit keys drawn
 * when the digester is made, so nobody outside the process can aim a collision at a cached
 * key: two different strings share a digest with probability 2^-126.
 *
 * Why not the key string itself as the Map key? An RS256 API key is ~1 KB, so 100,000 cached
 * keys would hold ~100 MB of strings; this digest is 16 bytes. It is also faster: hashing a
 * fresh 1 KB string for a Map lookup costs more than these rounds over `encodeInto` output.
 *
 * Only ASCII strings are digested (every well-formed API key is ASCII); anything else, or a
 * string longer than `maxLength`, returns `undefined` and is simply not cached.
 */
export function createKeyDigester(maxLength = 65_536, fixedKeys?: Int32Array): (text: string) => KeyDigest | undefined {
  // `fixedKeys` is for the known-answer tests only.
  const random = fixedKeys ?? globalThis.crypto?.getRandomValues?.(new Int32Array(4));
  if (!random) throw new KeygateError('ERR_RUNTIME_UNSUPPORTED', 'crypto.getRandomValues is not available in this runtime');
  const [a0 = 0, a1 = 0, b0 = 0, b1 = 0] = random;
  let bytes = new Uint8Array(1024);
  let words = new Int32Array(bytes.buffer);

  return (text) => {
    const n = text.length;
    if (n > maxLength) return undefined;
    if (n > bytes.length) {
      bytes = new Uint8Array(Math.min(maxLength, 2 ** Math.ceil(Math.log2(n))) + 4);
      words = new Int32Array(bytes.buffer, 0, bytes.length >> 2);
    }
    const { read, written } = encoder.encodeInto(text, bytes);
    if (read !== n || written !== n) return undefined; // not ASCII: UTF-8 would be longer

    // Lane A: v0..v3, lane B: u0..u3 (HalfSipHash init with 64-bit output: v1 ^= 0xee).
    let v0 = a0;
    let v1 = a1 ^ 0xee;
    let v2 = 0x6c796765 ^ a0;
    let v3 = 0x74656462 ^ a1;
    let u0 = b0;
    let u1 = b1 ^ 0xee;
    let u2 = 0x6c796765 ^ b0;
    let u3 = 0x74656462 ^ b1;
    const full = n >> 2;
    // One SipRound per 4-byte word in each lane; the two lanes are independent, so they overlap.
    for (let i = 0; i <= full; i++) {
      let m: number;
      if (i < full) m = words[i]!;
      else {
        // Final block: length byte on top, then the 0..3 trailing bytes (reference padding).
        m = n << 24;
        const t = i << 2;
        for (let j = n - t - 1; j >= 0; j--) m |= bytes[t + j]! << (8 * j);
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
    const a = finish(v0, v1, v2, v3);
    const b = finish(u0, u1, u2, u3);
    return { id: a[0]! & 0x3fffffff, c1: a[1]!, c2: b[0]!, c3: b[1]! };
  };
}

const state = new Int32Array(4);
const out = new Int32Array(2);

function rounds(count: number): void {
  let [v0 = 0, v1 = 0, v2 = 0, v3 = 0] = state;
  for (let r = 0; r < count; r++) {
    v0 = (v0 + v1) | 0; v1 = (v1 << 5) | (v1 >>> 27); v1 ^= v0; v0 = (v0 << 16) | (v0 >>> 16);
    v2 = (v2 + v3) | 0; v3 = (v3 << 8) | (v3 >>> 24); v3 ^= v2;
    v0 = (v0 + v3) | 0; v3 = (v3 << 7) | (v3 >>> 25); v3 ^= v0;
    v2 = (v2 + v1) | 0; v1 = (v1 << 13) | (v1 >>> 19); v1 ^= v2; v2 = (v2 << 16) | (v2 >>> 16);
  }
  state[0] = v0;
  state[1] = v1;
  state[2] = v2;
  state[3] = v3;
}

/** HalfSipHash finalisation for a 64-bit output: three rounds per 32-bit half. */
function finish(v0: number, v1: number, v2: number, v3: number): readonly [number, number] {
  state[0] = v0;
  state[1] = v1;
  state[2] = v2 ^ 0xee;
  state[3] = v3;
  rounds(3);
  out[0] = state[1]! ^ state[3]!;
  state[1] = state[1]! ^ 0xdd;
  rounds(3);
  out[1] = state[1]! ^ state[3]!;
  return [out[0], out[1]];
}
