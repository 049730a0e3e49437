import { describe, expect, it } from 'vitest';
import { describeOid, OID } from '../../src/keys/oid.js';

const hex = (text: string) => new Uint8Array(text.match(/../g)!.map((h) => parseInt(h, 16)));

describe('describeOid', () => {
  it('prints dotted OIDs', () => {
    expect(describeOid(hex(OID.rsaEncryption))).toBe('1.2.840.113549.1.1.1');
    expect(describeOid(hex(OID.p521))).toBe('1.3.132.0.35');
    expect(describeOid(hex(OID.ed25519))).toBe('1.3.101.112');
    expect(describeOid(hex('2b8104000a'))).toBe('1.3.132.0.10');
    expect(describeOid(hex('0a'))).toBe('0.10');
    expect(describeOid(hex('8837'))).toBe('2.999');
  });

  it('falls back to hex for empty, long, unterminated or oversized arcs', () => {
    expect(describeOid(new Uint8Array())).toBe('(OID )');
    expect(describeOid(hex('2b81'))).toBe('(OID 2b81)');
    expect(describeOid(hex('2bffffffff01'))).toBe('(OID 2bffffffff01)');
    expect(describeOid(new Uint8Array(40).fill(1))).toMatch(/^\(OID (01){32}\)$/);
  });
});
