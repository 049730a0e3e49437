import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKeygateError } from '../../src/index.js';
import { annotatePem, readAnnotations } from '../../src/cli/key-files.js';

const PEM = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n';

describe('key file annotations', () => {
  it('round-trip through annotatePem and readAnnotations', () => {
    expect(readAnnotations(annotatePem(PEM, 'signing-2026', 'EdDSA'), 'f')).toEqual({ kid: 'signing-2026', alg: 'EdDSA' });
    expect(annotatePem(PEM.trimEnd(), 'k', 'RS256')).toBe(`kid: k\nalg: RS256\n${PEM}`);
  });

  it('read only the lines before the first PEM block; other text is ignored', () => {
    expect(readAnnotations(PEM, 'f')).toEqual({});
    expect(readAnnotations(`Bag Attributes\n    friendlyName: wso2carbon\nkid:  spaced \n${PEM}kid: after\n`, 'f')).toEqual({ kid: 'spaced' });
  });

  it('refuse an unsupported alg line with a usage error naming the file', () => {
    expect(() => readAnnotations(`alg: HS256\n${PEM}`, 'keys/x.pem')).toThrow("keys/x.pem: unsupported alg 'HS256'");
  });

  it('never throw anything but a KeygateError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        try {
          readAnnotations(`${before}\n${PEM}${after}`, 'f');
        } catch (error) {
          expect(isKeygateError(error)).toBe(true);
        }
      }),
    );
  });
});
