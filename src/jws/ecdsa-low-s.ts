/**
 * ECDSA signatures are malleable: when (r, s) verifies, so does (r, n - s), n the order of the
 * curve's base point. Anyone holding one API key could mint its twin, a different string with its
 * own cache entry and audit fingerprint. Only the low form (s <= n / 2) is accepted, and keygate
 * signs in that form (WebCrypto picks either at random).
 */
import type { Algorithm } from '../keys/types.js';

function bytesOf(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * floor(n / 2) for each curve's order n (SEC 2 / FIPS 186-4), as long as one half of the raw r || s
 * signature: the largest low s. Written out (test/jws/ecdsa-low-s.test.ts checks them against n) so
 * that a verifying app bundles three constants and no arithmetic.
 */
const HALF_ORDERS: Partial<Record<Algorithm, Uint8Array>> = {
  ES256: /* @__PURE__ */ bytesOf('7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8'),
  ES384: /* @__PURE__ */ bytesOf('7fffffffffffffffffffffffffffffffffffffffffffffffe3b1a6c0fa1b96efac0d06d9245853bd76760cb5666294b9'),
  ES512: /* @__PURE__ */ bytesOf(
    '00fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd28c343c1df97cb35bfe600a47b84d2e81ddae4dc44ce23d75db7db8f489c3204',
  ),
};

/**
 * Whether the s of a raw r || s ECDSA signature for `alg` is above n / 2. The caller has checked
 * the signature's length; other algorithms answer false.
 */
export function isHighS(signature: Uint8Array, alg: Algorithm): boolean {
  const half = HALF_ORDERS[alg];
  if (half === undefined) return false;
  const s = half.length;
  for (let i = 0; i < half.length; i++) {
    if (signature[s + i] !== half[i]) return signature[s + i]! > half[i]!;
  }
  return false;
}

/** Rewrites a high s as n - s, in place: the same signature in its low form. */
export function toLowS(signature: Uint8Array, alg: Algorithm): void {
  const half = HALF_ORDERS[alg];
  if (half === undefined || !isHighS(signature, alg)) return;
  // n = 2 * half + 1 (n is odd), subtracted byte by byte from the last.
  let borrow = 0;
  let carry = 1;
  for (let i = half.length - 1; i >= 0; i--) {
    const doubled = half[i]! * 2 + carry;
    carry = doubled >> 8;
    const difference = (doubled & 0xff) - signature[half.length + i]! - borrow;
    signature[half.length + i] = difference & 0xff;
    borrow = difference < 0 ? 1 : 0;
  }
}
