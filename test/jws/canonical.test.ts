import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJws } from '../../src/jws/canonical.js';
import { decodeSigned, splitCompactJws } from '../../src/jws/compact.js';
import { SEED_SAMPLE_KEY } from '../helpers/fixtures.js';

const limits = { maxLength: 16384, maxJsonDepth: 16 };
const HEADER = 'eyJhbGciOiJSUzI1NiJ9'; // {"alg":"RS256"}

/** What the verifier would check of a token: its signing input and signature bytes, or why it cannot. */
function verifiedParts(token: string): string {
  const jws = splitCompactJws(token, limits);
  if (typeof jws === 'string') return jws;
  const signed = decodeSigned(jws);
  if (typeof signed === 'string') return signed;
  return `${new TextDecoder().decode(signed.signingInput)}|${Buffer.from(signed.signature).toString('hex')}`;
}

describe('canonicalJws', () => {
  it('drops the padding of the signature segment only', () => {
    expect(canonicalJws(SEED_SAMPLE_KEY)).toBe(SEED_SAMPLE_KEY.slice(0, -2));
    expect(canonicalJws(`${HEADER}.e30=.AAE=`)).toBe(`${HEADER}.e30=.AAE`);
    expect(canonicalJws(`${HEADER}.e30.AA==`)).toBe(`${HEADER}.e30.AA`);
    // Not padding the decoder would drop: left alone (and refused by the decoder either way).
    for (const token of [`${HEADER}.e30.AAE==`, `${HEADER}.e30.A=`, 'a=', '', '=']) expect(canonicalJws(token), token).toBe(token);
    // Two of four `=` go, as the decoder drops them; what is left is refused either way.
    expect(canonicalJws(`${HEADER}.e30.====`)).toBe(`${HEADER}.e30.==`);
  });

  it('returns an unpadded token itself', () => {
    const token = `${HEADER}.e30.${'A'.repeat(86)}`;
    expect(canonicalJws(token)).toBe(token);
  });

  it('a token and its canonical form verify alike, and the form is a fixed point', () => {
    const segment = fc.string({ unit: fc.constantFrom('A', 'Q', 'w', '-', '_', '=', '.'), maxLength: 12 });
    fc.assert(
      fc.property(segment, fc.constantFrom('', '=', '==', '==='), (signature, padding) => {
        const token = `${HEADER}.e30=.${signature}${padding}`;
        const canonical = canonicalJws(token);
        expect(verifiedParts(canonical)).toBe(verifiedParts(token));
        expect(canonicalJws(canonical)).toBe(canonical);
      }),
      { numRuns: 2000 },
    );
  });
});
