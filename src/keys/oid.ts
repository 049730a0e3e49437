/** The object identifiers keygate recognises, as the hex of their DER content bytes. */
import { toHex } from '../encoding/utf8.js';

export const OID = {
  /** 1.2.840.113549.1.1.1 */
  rsaEncryption: '2a864886f70d010101',
  /** 1.2.840.113549.1.1.10: an RSA key restricted to PSS signatures. */
  rsassaPss: '2a864886f70d01010a',
  /** 1.2.840.10045.2.1 */
  ecPublicKey: '2a8648ce3d0201',
  /** 1.2.840.10045.3.1.7 (prime256v1) */
  p256: '2a8648ce3d030107',
  /** 1.3.132.0.34 */
  p384: '2b81040022',
  /** 1.3.132.0.35 */
  p521: '2b81040023',
  /** 1.3.101.112 */
  ed25519: '2b6570',
  /** 1.2.840.113549.1.1.8: the mask generation function of RSASSA-PSS. */
  mgf1: '2a864886f70d010108',
  /** 2.16.840.1.101.3.4.2.1 */
  sha256: '608648016503040201',
  /** 2.16.840.1.101.3.4.2.2 */
  sha384: '608648016503040202',
  /** 2.16.840.1.101.3.4.2.3 */
  sha512: '608648016503040203',
} as const;

/** Dotted form of an OID for error messages; hex when it is not a well-formed, short OID. */
export function describeOid(content: Uint8Array): string {
  if (content.length === 0 || content.length > 32) return `(OID ${toHex(content.subarray(0, 32))})`;
  const arcs: number[] = [];
  let value = 0;
  let bytesInArc = 0;
  for (const byte of content) {
    if (++bytesInArc > 4) return `(OID ${toHex(content)})`;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0;
      bytesInArc = 0;
    }
  }
  if (bytesInArc !== 0) return `(OID ${toHex(content)})`;
  const first = arcs.shift()!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs].join('.');
}
