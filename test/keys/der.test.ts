import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKeygateError } from '../../src/errors.js';
import { encodeElement, readChildren, readElement, readRoot, TAG } from '../../src/keys/der.js';
import { spkiOfCertificate } from '../../src/keys/certificate.js';
import { familyOfPkcs8, familyOfSpki } from '../../src/keys/detect.js';
import { relabelAsRsaEncryption } from '../../src/keys/rsa-pss.js';
import { expectKeygateError } from './helpers.js';
import { pemToDer, selfSignedCertificate } from './openssl.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const invalid = (run: () => unknown) => expectKeygateError(run, 'ERR_INVALID_KEY_MATERIAL');

describe('DER reader', () => {
  it('reads short and long definite lengths', () => {
    expect(readElement(bytes(0x02, 0x01, 0x05))).toEqual({ tag: 2, start: 0, contentStart: 2, end: 3 });
    const long = new Uint8Array(3 + 200);
    long.set([0x04, 0x81, 200]);
    expect(readElement(long)).toEqual({ tag: 4, start: 0, contentStart: 3, end: 203 });
    const longer = new Uint8Array(4 + 300);
    longer.set([0x04, 0x82, 0x01, 0x2c]);
    expect(readElement(longer).end).toBe(304);
  });

  it('refuses truncation, indefinite and non-minimal lengths, high tags and trailing bytes', async () => {
    await invalid(() => readElement(bytes()));
    await invalid(() => readElement(bytes(0x30)));
    await invalid(() => readElement(bytes(0x30, 0x05, 0x01)));
    await invalid(() => readElement(bytes(0x30, 0x80, 0x00, 0x00)));
    await invalid(() => readElement(bytes(0x04, 0x81, 0x05, 1, 2, 3, 4, 5)));
    await invalid(() => readElement(bytes(0x04, 0x82, 0x00, 0x81, ...new Array<number>(0x81).fill(0))));
    await invalid(() => readElement(bytes(0x04, 0x85, 1, 1, 1, 1, 1)));
    await invalid(() => readElement(bytes(0x04, 0x84, 0xff, 0xff, 0xff, 0xff)));
    await invalid(() => readElement(bytes(0x1f, 0x01, 0x00)));
    await invalid(() => readRoot(bytes(0x30, 0x00, 0x00), TAG.SEQUENCE));
    await invalid(() => readRoot(bytes(0x31, 0x00), TAG.SEQUENCE));
    await invalid(() => readElement(bytes(0x02, 0x01, 0x05), 5));
  });

  it('lists children within the parent only', async () => {
    const seq = bytes(0x30, 0x06, 0x02, 0x01, 0x01, 0x05, 0x00, 0x01);
    await invalid(() => readChildren(seq, readElement(seq, 0)));
    const ok = encodeElement(TAG.SEQUENCE, bytes(0x02, 0x01, 0x01), bytes(0x05, 0x00));
    expect(readChildren(ok, readRoot(ok, TAG.SEQUENCE)).map((c) => c.tag)).toEqual([0x02, 0x05]);
    await invalid(() => readChildren(ok, readElement(ok, 2)));
  });

  it('bounds the number of children', async () => {
    const many = encodeElement(TAG.SEQUENCE, ...Array.from({ length: 65 }, () => bytes(0x05, 0x00)));
    await invalid(() => readChildren(many, readRoot(many, TAG.SEQUENCE)));
  });

  it('encodes minimal lengths that it reads back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 70_000 }), (length) => {
        const encoded = encodeElement(TAG.OCTET_STRING, new Uint8Array(length));
        const element = readRoot(encoded, TAG.OCTET_STRING);
        return element.end - element.contentStart === length;
      }),
      { numRuns: 200 },
    );
  });
});

/** Every parser that reads DER; each may only fail with a KeygateError. */
const PARSERS: ReadonlyArray<(der: Uint8Array<ArrayBuffer>) => unknown> = [
  (der) => readRoot(der, TAG.SEQUENCE),
  (der) => {
    const root = readElement(der, 0);
    return (root.tag & 0x20) === 0 ? root : readChildren(der, root);
  },
  spkiOfCertificate,
  familyOfSpki,
  familyOfPkcs8,
  (der) => relabelAsRsaEncryption(der, 'spki'),
];

function onlyKeygateErrors(der: Uint8Array<ArrayBuffer>): boolean {
  for (const parse of PARSERS) {
    try {
      parse(der);
    } catch (error) {
      if (!isKeygateError(error)) throw error;
      if (error.code !== 'ERR_INVALID_KEY_MATERIAL' && error.code !== 'ERR_UNSUPPORTED_ALGORITHM') throw error;
    }
  }
  return true;
}

describe('DER parsers on hostile input (property)', () => {
  const { cert, key } = selfSignedCertificate();
  const real = [pemToDer(cert, 'x509'), pemToDer(key, 'pkey')].map((b) => new Uint8Array(b));

  it('arbitrary bytes only ever raise KeygateError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => onlyKeygateErrors(new Uint8Array(data))),
      { numRuns: 3000 },
    );
  });

  it('DER-shaped bytes (plausible tags and lengths) only ever raise KeygateError', () => {
    const tlv = fc.letrec<{ node: Uint8Array }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.tuple(fc.constantFrom(0x02, 0x03, 0x04, 0x05, 0x06), fc.uint8Array({ maxLength: 12 })).map(([t, c]) => encodeElement(t, c)),
        fc.tuple(fc.constantFrom(0x30, 0xa0, 0x31), fc.array(tie('node'), { maxLength: 5 })).map(([t, kids]) => encodeElement(t, ...kids)),
      ),
    }));
    fc.assert(fc.property(tlv.node, (der) => onlyKeygateErrors(new Uint8Array(der))), { numRuns: 3000 });
  });

  it('truncated and mutated real certificates and keys only ever raise KeygateError', () => {
    const mutation = fc.record({
      which: fc.integer({ min: 0, max: real.length - 1 }),
      cut: fc.nat(),
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(mutation, ({ which, cut, flips }) => {
        const source = real[which]!;
        const der = source.slice(0, source.length - (cut % 8 === 0 ? 0 : cut % source.length));
        for (const [at, value] of flips) if (der.length > 0) der[at % der.length] = value;
        return onlyKeygateErrors(der);
      }),
      { numRuns: 2000 },
    );
  });
});
