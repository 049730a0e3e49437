import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePem, decodePemBlocks, encodePem, MAX_MATERIAL_LENGTH } from '../../src/keys/pem.js';
import { expectKeygateError } from './helpers.js';

const invalid = (run: () => unknown) => expectKeygateError(run, 'ERR_INVALID_KEY_MATERIAL');

describe('PEM', () => {
  it('round-trips any bytes with 64-character lines', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 400 }), (der) => {
        const pem = encodePem('PUBLIC KEY', der);
        for (const line of pem.split('\n').slice(1, -2)) expect(line.length).toBeLessThanOrEqual(64);
        const block = decodePem(pem);
        return block.label === 'PUBLIC KEY' && Buffer.from(block.der).equals(Buffer.from(der));
      }),
    );
  });

  it('ignores explanatory text and CRLF line ends, as OpenSSL pkcs12 and Windows write them', () => {
    const pem = `Bag Attributes\r\n    friendlyName: wso2carbon\r\nsubject=/CN=localhost\r\n${encodePem('CERTIFICATE', new Uint8Array([1, 2, 3])).replaceAll('\n', '\r\n')}trailing`;
    expect(decodePem(pem)).toEqual({ label: 'CERTIFICATE', der: new Uint8Array([1, 2, 3]) });
  });

  it('lists several blocks but decodePem insists on one', async () => {
    const two = encodePem('PRIVATE KEY', new Uint8Array([1])) + encodePem('CERTIFICATE', new Uint8Array([2]));
    expect(decodePemBlocks(two).map((b) => b.label)).toEqual(['PRIVATE KEY', 'CERTIFICATE']);
    await expectKeygateError(() => decodePem(two), 'ERR_INVALID_KEY_MATERIAL');
    expect(() => decodePem(two)).toThrow(/found 2 \(PRIVATE KEY, CERTIFICATE\)/);
  });

  it('refuses text that is not PEM, broken armour, bad base64 and legacy headers', async () => {
    await invalid(() => decodePem(''));
    await invalid(() => decodePem('MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'));
    await invalid(() => decodePem('-----BEGIN PUBLIC KEY-----\nAAAA\n'));
    await invalid(() => decodePem('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'));
    await invalid(() => decodePem('-----BEGIN public key-----\nAAAA\n-----END public key-----\n'));
    await invalid(() => decodePem('-----BEGIN PUBLIC KEY'));
    await invalid(() => decodePem('-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n'));
    await invalid(() => decodePem('-----BEGIN PUBLIC KEY-----\nAA*A\n-----END PUBLIC KEY-----\n'));
    await invalid(() => decodePem('-----BEGIN PUBLIC KEY-----\nA\n-----END PUBLIC KEY-----\n'));
    await invalid(() => decodePem('-----BEGIN PUBLIC KEY-----\nAB-_\n-----END PUBLIC KEY-----\n'));
    await invalid(() =>
      decodePem('-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n'),
    );
    expect(() => decodePem('-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\n-----END X-----')).toThrow(/headers/);
  });

  it('bounds the input length before parsing', async () => {
    const huge = encodePem('PUBLIC KEY', new Uint8Array(MAX_MATERIAL_LENGTH));
    await invalid(() => decodePem(huge));
    expect(() => decodePem(huge)).toThrow(/longer than 65536/);
  });

  it('never throws anything but KeygateError on arbitrary text', () => {
    const pemish = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc
        .tuple(fc.constantFrom('PUBLIC KEY', 'CERTIFICATE', 'X', ''), fc.string({ maxLength: 120 }), fc.boolean())
        .map(([label, body, close]) => `-----BEGIN ${label}-----\n${body}\n${close ? `-----END ${label}-----` : ''}`),
    );
    fc.assert(
      fc.property(pemish, (text) => {
        try {
          decodePemBlocks(text);
        } catch (error) {
          expect((error as { code?: unknown }).code).toBe('ERR_INVALID_KEY_MATERIAL');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
