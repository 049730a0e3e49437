/**
 * The curve orders n of P-256, P-384 and P-521 (SEC 2) as numbers, and the length of each half of a
 * raw r || s signature: the tests' own reference, independent of src/jws/ecdsa-low-s.ts.
 */
export type EcAlg = 'ES256' | 'ES384' | 'ES512';

export const CURVES: Readonly<Record<EcAlg, { readonly n: bigint; readonly size: number }>> = {
  ES256: { n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n, size: 32 },
  ES384: { n: BigInt(`0x${'ff'.repeat(24)}c7634d81f4372ddf581a0db248b0a77aecec196accc52973`), size: 48 },
  ES512: { n: BigInt(`0x01${'ff'.repeat(32)}fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409`), size: 66 },
};
