import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeyDigester } from '../../src/cache/key-digest.js';

/** Byte-at-a-time HalfSipHash (64-bit output) written from the paper, rounds as parameters. */
function referenceHalfSipHash(bytes: Uint8Array, key: Uint8Array, c: number, d: number): [number, number] {
  const le = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
  const rotl = (x: number, n: number) => ((x << n) | (x >>> (32 - n))) >>> 0;
  const k0 = le(key, 0);
  const k1 = le(key, 4);
  const v = [k0, (k1 ^ 0xee) >>> 0, (0x6c796765 ^ k0) >>> 0, (0x74656462 ^ k1) >>> 0];
  const round = () => {
    v[0] = (v[0]! + v[1]!) >>> 0; v[1] = rotl(v[1]!, 5) ^ v[0]; v[0] = rotl(v[0], 16);
    v[2] = (v[2]! + v[3]!) >>> 0; v[3] = rotl(v[3]!, 8) ^ v[2];
    v[0] = (v[0] + v[3]) >>> 0; v[3] = (rotl(v[3], 7) ^ v[0]) >>> 0;
    v[2] = (v[2] + v[1]) >>> 0; v[1] = (rotl(v[1], 13) ^ v[2]) >>> 0; v[2] = rotl(v[2], 16);
  };
  const absorb = (m: number) => {
    v[3] = (v[3]! ^ m) >>> 0;
    for (let i = 0; i < c; i++) round();
    v[0] = (v[0]! ^ m) >>> 0;
  };
  const full = bytes.length - (bytes.length % 4);
  for (let i = 0; i < full; i += 4) absorb(le(bytes, i));
  let b = (bytes.length << 24) >>> 0;
  for (let j = 0; j < bytes.length - full; j++) b = (b | (bytes[full + j]! << (8 * j))) >>> 0;
  absorb(b);
  v[2] = (v[2]! ^ 0xee) >>> 0;
  for (let i = 0; i < d; i++) round();
  const out0 = (v[1]! ^ v[3]!) >>> 0;
  v[1] = (v[1]! ^ 0xdd) >>> 0;
  for (let i = 0; i < d; i++) round();
  return [out0, (v[1] ^ v[3]!) >>> 0];
}

const seq = (n: number) => Uint8Array.from({ length: n }, (_, i) => i);
const hex = (words: [number, number]) =>
  [...new Uint8Array(new Uint32Array(words).buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

describe('createKeyDigester', () => {
  it('the reference implementation matches the HalfSipHash-2-4 paper vectors', () => {
    // vectors_hsip64 from the SipHash reference repository: key 00..07, message 00..(n-1).
    const expected = ['218d1f59b9b83cc8', 'be552412f8387315', '064f39ef7c50eb57', 'ce0f1a45f7060679', 'd5e78a175be52ea1'];
    expected.forEach((want, n) => expect(hex(referenceHalfSipHash(seq(n), seq(8), 2, 4))).toBe(want));
  });

  it('computes two HalfSipHash-1-3 lanes exactly as the reference does', () => {
    const keys = new Int32Array([0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c]);
    const digest = createKeyDigester(65_536, keys);
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)), maxLength: 300 }), (text) => {
        const bytes = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
        const [a0, a1] = referenceHalfSipHash(bytes, seq(8), 1, 3);
        const [b0, b1] = referenceHalfSipHash(bytes, Uint8Array.from({ length: 8 }, (_, i) => i + 8), 1, 3);
        expect(digest(text)).toBe(a0 & 0x3fffffff);
        expect([...digest.check].map((c) => c >>> 0)).toEqual([a1, b0, b1]);
      }),
    );
  });

  it('refuses non-ASCII and overlong strings (they are not cached)', () => {
    const digest = createKeyDigester(10);
    expect(digest('é')).toBe(-1);
    expect(digest('a\uD800b')).toBe(-1);
    expect(digest('x'.repeat(11))).toBe(-1);
    expect(digest('x'.repeat(10))).toBeGreaterThanOrEqual(0);
  });

  it('grows its buffer for long keys and gives equal strings equal digests', () => {
    const digest = createKeyDigester();
    const full = (text: string) => [digest(text), ...digest.check];
    const long = 'k'.repeat(5000);
    expect(full(long)).toEqual(full(`${'k'.repeat(4999)}k`));
    expect(full(long)).not.toEqual(full(`${'k'.repeat(4999)}j`));
    expect(digest('')).toBeGreaterThanOrEqual(0);
  });

  it('uses fresh random keys per digester', () => {
    const one = createKeyDigester();
    const two = createKeyDigester();
    expect([one('same'), ...one.check]).not.toEqual([two('same'), ...two.check]);
  });
});
