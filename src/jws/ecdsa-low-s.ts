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

/** floor(n / 2): n shifted right by one bit. */
function halved(n: Uint8Array): Uint8Array {
  const out = new Uint8Array(n.length);
  let carry = 0;
  n.forEach((byte, i) => {
    out[i] = (byte >> 1) | carry;
    carry = (byte & 1) << 7;
  });
  return out;
}

// Each order as long as one half of the raw r || s signature (SEC 2 / FIPS 186-4).
const ORDERS: Partial<Record<Algorithm, Uint8Array>> = {
  ES256: bytesOf('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
  ES384: bytesOf(`${'ff'.repeat(24)}c7634d81f4372ddf581a0db248b0a77aecec196accc52973`),
  ES512: bytesOf(`01${'ff'.repeat(32)}fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409`),
};
const HALF_ORDERS: Partial<Record<Algorithm, Uint8Array>> = Object.fromEntries(
  Object.entries(ORDERS).map(([alg, n]) => [alg, halved(n)]),
);

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
  const n = ORDERS[alg];
  if (n === undefined || !isHighS(signature, alg)) return;
  let borrow = 0;
  for (let i = n.length - 1; i >= 0; i--) {
    const difference = n[i]! - signature[n.length + i]! - borrow;
    signature[n.length + i] = difference & 0xff;
    borrow = difference < 0 ? 1 : 0;
  }
}
