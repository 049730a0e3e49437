import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHighS, toLowS } from '../../src/jws/ecdsa-low-s.js';
import { CURVES, type EcAlg } from '../helpers/ec-orders.js';

const bytes = (value: bigint, size: number): Uint8Array => Uint8Array.from(Buffer.from(value.toString(16).padStart(2 * size, '0'), 'hex'));
const signature = (s: bigint, size: number): Uint8Array => new Uint8Array([...new Uint8Array(size).fill(7), ...bytes(s, size)]);
const sOf = (sig: Uint8Array, size: number): bigint => BigInt(`0x${Buffer.from(sig.subarray(size)).toString('hex')}`);

describe('isHighS and toLowS', () => {
  it.each(Object.entries(CURVES))('%s: s is high exactly above n / 2, and n - s is its low twin', (alg, { n, size }) => {
    const half = n / 2n;
    for (const s of [1n, half - 1n, half, half + 1n, n - 1n]) {
      expect(isHighS(signature(s, size), alg as EcAlg), String(s)).toBe(s > half);
    }
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: n - 1n }), (s) => {
        const sig = signature(s, size);
        toLowS(sig, alg as EcAlg);
        expect(sOf(sig, size)).toBe(s > half ? n - s : s);
        expect(isHighS(sig, alg as EcAlg)).toBe(false);
        expect(sig.subarray(0, size).every((b) => b === 7)).toBe(true);
      }),
    );
  });

  it('leaves other algorithms alone', () => {
    const sig = new Uint8Array(256).fill(0xff);
    expect(isHighS(sig, 'RS256')).toBe(false);
    toLowS(sig, 'EdDSA');
    expect(sig.every((b) => b === 0xff)).toBe(true);
  });
});
