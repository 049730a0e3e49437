import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64Decode,
  base64Encode,
  base64UrlDecode,
  base64UrlEncode,
  base64UrlEncodePadded,
} from '../../src/encoding/base64.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('base64url', () => {
  it('matches RFC 4648 test vectors, unpadded and padded', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg'], ['fo', 'Zm8'], ['foo', 'Zm9v'], ['foob', 'Zm9vYg'], ['fooba', 'Zm9vYmE']];
    for (const [plain, enc] of vectors) {
      expect(base64UrlEncode(bytes(plain))).toBe(enc);
      expect(base64UrlEncodePadded(bytes(plain))).toBe(enc + '='.repeat((4 - (enc.length % 4)) % 4));
    }
    expect(base64UrlEncode(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(base64Encode(new Uint8Array([0xfb, 0xff]))).toBe('+/8=');
  });

  it('round-trips any bytes, padded or not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
        expect(base64UrlDecode(base64UrlEncode(data))).toEqual(data);
        expect(base64UrlDecode(base64UrlEncodePadded(data))).toEqual(data);
        expect(base64Decode(base64Encode(data))).toEqual(data);
      }),
    );
  });

  it('refuses the standard alphabet, whitespace, bad padding and non-canonical trailing bits', () => {
    for (const bad of ['Zm9v+', 'Zm9/', 'Zm 9v', 'Zm9v\n', 'Zg=', 'Zg===', 'Z===', 'Zm8==', 'Z', 'Zh', 'Zm9=v', '=Zg=']) {
      expect(base64UrlDecode(bad), bad).toBeUndefined();
    }
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), (s) => void base64UrlDecode(s)));
  });

  it('accepts exactly the canonical encodings: whatever decodes re-encodes to the same text', () => {
    // Alphabet characters mixed with near misses: '+', '/', '=', space, and code units >= 128 whose
    // low byte is an alphabet character (U+0141 'Ł' ends in 0x41 'A').
    const char = fc.constantFrom(...'AQgw_-Zz09+/= \u0141\u0130'.split(''));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        const decoded = base64UrlDecode(text);
        if (decoded === undefined) return;
        expect(base64UrlEncode(decoded)).toBe(text.replace(/=+$/, ''));
        expect(text.length % 4 === 0 || !text.includes('=')).toBe(true);
      }),
    );
  });
});
