/**
 * ECDSA signatures are malleable: when (r, s) verifies, so does (r, n - s), n the order of the
 * curve's base point. Anyone holding one API key could mint its twin, a different string with its
 * own cache entry and audit fingerprint. Only the low form (s <= n / 2) is accepted, and keygate
 * signs in that form (WebCrypto picks either at random).
 */
import { base64UrlDecode } from '../encoding/base64.js';
import type { Algorithm } from '../keys/types.js';

/**
 * floor(n / 2) for each curve's order n (SEC 2 / FIPS 186-4), as long as one half of the raw r || s
 * signature: the largest low s. Written out, in base64url (shorter than hex once gzipped;
 * test/jws/ecdsa-low-s.test.ts checks them against n), so that a verifying app bundles three
 * constants and no arithmetic.
 */
const HALF_ORDERS: Partial<Record<Algorithm, Uint8Array | undefined>> = {
  ES256: /* @__PURE__ */ base64UrlDecode('f____4AAAAB__________95zfVbTi89CedzlYX4xkqg'),
  ES384: /* @__PURE__ */ base64UrlDecode('f_______________________________47GmwPoblu-sDQbZJFhTvXZ2DLVmYpS5'),
  ES512: /* @__PURE__ */ base64UrlDecode('AP___________________________________________SjDQ8Hfl8s1v-YApHuE0ugd2uTcRM4j1123249InDIE'),
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
