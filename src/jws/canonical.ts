/**
 * The one spelling of a compact JWS that caches and audit fingerprints go by. The padding of the
 * header and payload segments is signed over (WSO2 pads every segment and signs the padded
 * input), so it stays; the signature segment's padding is not covered by anything, so `…Xw==`
 * and `…Xw` are the same key, and the form without padding stands for both.
 *
 * Padding is dropped exactly as the base64url decoder drops it (up to two `=` ending a segment
 * whose length is a multiple of 4): a token and its canonical form decode to the same bytes, or
 * both fail, so one is valid exactly when the other is. An unpadded token (every key keygate
 * issues) is returned as is, after one character comparison, with nothing allocated.
 */
export function canonicalJws(token: string): string {
  const n = token.length;
  if (token.charCodeAt(n - 1) !== 61 /* = */) return token;
  // The segment is at least 4 characters long (it ends in `=` and its length is a multiple of 4).
  if ((n - token.lastIndexOf('.') - 1) % 4 !== 0) return token;
  return token.slice(0, token.charCodeAt(n - 2) === 61 ? n - 2 : n - 1);
}
