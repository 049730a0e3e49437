import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKeygateError } from '../../src/errors.js';
import { encodeElement, readRoot, TAG } from '../../src/keys/der.js';
import { OID } from '../../src/keys/oid.js';
import { pssRestriction } from '../../src/keys/rsa-pss.js';

const hex = (text: string): Uint8Array => Uint8Array.from(text.match(/../g)!.map((h) => parseInt(h, 16)));
const oid = (value: string): Uint8Array => encodeElement(TAG.OID, hex(value));
const NULL = new Uint8Array([TAG.NULL, 0]);
const integer = (n: number): Uint8Array => encodeElement(TAG.INTEGER, new Uint8Array(n < 128 ? [n] : n < 256 ? [0, n] : [n >> 8, n & 255]));
const explicit = (index: number, inner: Uint8Array): Uint8Array => encodeElement(TAG.CONTEXT_0 + index, inner);
const HASHES = { sha1: '2b0e03021a', sha256: OID.sha256, sha384: OID.sha384, sha512: OID.sha512 } as const;
type Hash = keyof typeof HASHES;
const SALT: Readonly<Record<Hash, number>> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

/** RSASSA-PSS-params with each member present or left to its default (SHA-1, MGF1-SHA-1, 20, 1). */
function params(p: { hash?: Hash; mgf?: Hash; salt?: number; trailer?: number }): Uint8Array {
  const hashAlg = (h: Hash): Uint8Array => encodeElement(TAG.SEQUENCE, oid(HASHES[h]), NULL);
  const members = [
    p.hash === undefined ? undefined : explicit(0, hashAlg(p.hash)),
    p.mgf === undefined ? undefined : explicit(1, encodeElement(TAG.SEQUENCE, oid(OID.mgf1), hashAlg(p.mgf))),
    p.salt === undefined ? undefined : explicit(2, integer(p.salt)),
    p.trailer === undefined ? undefined : explicit(3, integer(p.trailer)),
  ].filter((m): m is Uint8Array => m !== undefined);
  return encodeElement(TAG.SEQUENCE, ...members);
}

const restriction = (der: Uint8Array) => pssRestriction(der, readRoot(der, TAG.SEQUENCE));

describe('pssRestriction', () => {
  it('names PSxxx exactly when hash and MGF1 hash are SHA-xxx and the least salt fits', () => {
    const hash = fc.option(fc.constantFrom<Hash>('sha1', 'sha256', 'sha384', 'sha512'), { nil: undefined });
    const member = fc.record({ hash, mgf: hash, salt: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }), trailer: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }) });
    fc.assert(
      fc.property(member, (p) => {
        const h = p.hash ?? 'sha1';
        const usable = h !== 'sha1' && (p.mgf ?? 'sha1') === h && (p.salt ?? 20) <= SALT[h] && (p.trailer ?? 1) === 1;
        let result: unknown;
        try {
          result = restriction(params(p));
        } catch (error) {
          expect(isKeygateError(error) && error.code === 'ERR_UNSUPPORTED_ALGORITHM').toBe(true);
          expect(usable).toBe(false);
          return;
        }
        expect(usable).toBe(true);
        expect(result).toBe(`PS${h.slice(3)}`);
      }),
    );
  });

  it('refuses malformed parameters as malformed DER, and reads absent ones as no restriction', () => {
    expect(pssRestriction(new Uint8Array(), undefined)).toBeUndefined();
    const outOfOrder = encodeElement(TAG.SEQUENCE, explicit(2, integer(32)), explicit(0, params({ hash: 'sha256' })));
    expect(() => restriction(outOfOrder)).toThrow('malformed DER');
    expect(() => restriction(encodeElement(TAG.SEQUENCE, explicit(4, integer(1))))).toThrow('malformed DER');
    expect(() => restriction(encodeElement(TAG.SEQUENCE, explicit(0, NULL)))).toThrow('malformed DER');
    expect(() => restriction(encodeElement(TAG.SEQUENCE, encodeElement(TAG.CONTEXT_0, NULL, NULL)))).toThrow('malformed DER');
  });
});
