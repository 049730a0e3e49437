/**
 * RSA keys restricted to PSS (OID id-RSASSA-PSS, what `openssl genpkey -algorithm RSA-PSS`
 * writes) hold the same key bytes as ordinary ones, but Node and browsers only import
 * rsaEncryption. We re-label them; the PSS restriction is kept by keygate itself, which gives
 * such a key a PS* algorithm only (see resolveAlgorithm), and the one its parameters name.
 */
import { toHex } from '../encoding/utf8.js';
import { KeygateError } from '../errors.js';
import { contentOf, encodeElement, encodingOf, expectTag, invalidDer, readChildren, readRoot, TAG, unsignedIntegerOf } from './der.js';
import type { DerElement } from './der.js';
import { describeOid, OID } from './oid.js';

// SEQUENCE { OID rsaEncryption, NULL }
const RSA_ENCRYPTION_ALGORITHM = /* @__PURE__ */ new Uint8Array([
  0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
]);

/** Replaces the AlgorithmIdentifier of an SPKI (index 0) or PKCS#8 (index 1) structure. */
export function relabelAsRsaEncryption(der: Uint8Array, format: 'spki' | 'pkcs8'): Uint8Array<ArrayBuffer> {
  const children = readChildren(der, readRoot(der, TAG.SEQUENCE));
  const algorithmIndex = format === 'spki' ? 0 : 1;
  const parts = children.map((child, i) => (i === algorithmIndex ? RSA_ENCRYPTION_ALGORITHM : encodingOf(der, child)));
  return encodeElement(TAG.SEQUENCE, ...parts);
}

export type PssAlgorithm = 'PS256' | 'PS384' | 'PS512';

interface PssHash {
  readonly alg: PssAlgorithm;
  readonly name: string;
  /** Bytes: JWS PSxxx salts with as many bytes as the hash has. */
  readonly saltLength: number;
}

/** The hashes JWS RSA-PSS uses, by the hex of their OID. */
const HASHES: Readonly<Record<string, PssHash>> = {
  [OID.sha256]: { alg: 'PS256', name: 'SHA-256', saltLength: 32 },
  [OID.sha384]: { alg: 'PS384', name: 'SHA-384', saltLength: 48 },
  [OID.sha512]: { alg: 'PS512', name: 'SHA-512', saltLength: 64 },
};
// Absent members take RFC 4055's defaults: SHA-1, MGF1 with SHA-1, salt 20, trailer 1.
const DEFAULT_HASH = 'SHA-1 (the default)';
const DEFAULT_SALT_LENGTH = 20;

function refused(why: string): KeygateError {
  return new KeygateError('ERR_UNSUPPORTED_ALGORITHM', `RSA-PSS key refused: ${why}`);
}

/** HashAlgorithm ::= AlgorithmIdentifier { OID, NULL or absent }: a JWS hash, or the name of another. */
function hashOf(bytes: Uint8Array, element: DerElement | undefined, what: string): PssHash | string {
  if (element === undefined) return DEFAULT_HASH;
  const [oid, params] = readChildren(bytes, expectTag(element, TAG.SEQUENCE, what));
  if (params !== undefined) expectTag(params, TAG.NULL, `${what} parameters`);
  const oidBytes = contentOf(bytes, expectTag(oid, TAG.OID, `${what} OID`));
  return HASHES[toHex(oidBytes)] ?? describeOid(oidBytes);
}

/** MaskGenAlgorithm ::= AlgorithmIdentifier { mgf1 OID, HashAlgorithm }: MGF1's hash. */
function mgf1HashOf(bytes: Uint8Array, element: DerElement | undefined): PssHash | string {
  if (element === undefined) return DEFAULT_HASH;
  const [mgf, params] = readChildren(bytes, expectTag(element, TAG.SEQUENCE, 'PSS mask generation algorithm'));
  const mgfOid = contentOf(bytes, expectTag(mgf, TAG.OID, 'PSS mask generation OID'));
  if (toHex(mgfOid) !== OID.mgf1) throw refused(`its mask generation function ${describeOid(mgfOid)} is not MGF1`);
  return hashOf(bytes, expectTag(params, TAG.SEQUENCE, 'MGF1 hash algorithm'), 'MGF1 hash algorithm');
}

function smallInteger(bytes: Uint8Array, element: DerElement | undefined, fallback: number, what: string): number {
  if (element === undefined) return fallback;
  const magnitude = unsignedIntegerOf(bytes, element, what);
  if (magnitude.length > 2) throw refused(`its ${what} is out of range`);
  return magnitude.reduce((value, byte) => value * 256 + byte, 0);
}

/** The explicitly tagged members [0]..[3] of RSASSA-PSS-params, each optional, in order. */
function membersOf(bytes: Uint8Array, params: DerElement): (DerElement | undefined)[] {
  const members: (DerElement | undefined)[] = [undefined, undefined, undefined, undefined];
  let last = -1;
  for (const field of readChildren(bytes, expectTag(params, TAG.SEQUENCE, 'RSASSA-PSS-params'))) {
    const index = field.tag - TAG.CONTEXT_0;
    if (index <= last || index > 3) throw invalidDer('unexpected element in RSASSA-PSS-params');
    const inner = readChildren(bytes, field);
    if (inner.length !== 1) throw invalidDer('an RSASSA-PSS-params member must hold one element');
    members[index] = inner[0];
    last = index;
  }
  return members;
}

/**
 * The algorithm an id-RSASSA-PSS key is restricted to by its RSASSA-PSS-params (RFC 4055 §3.1),
 * or `undefined` when it has none (any PS* then). The parameters bind the key to one hash, one
 * MGF1 hash and a least salt length; JWS PSxxx uses SHA-xxx for both and a salt as long as the
 * hash, so only parameters that allow exactly that are usable (jose and jsonwebtoken require the
 * same). A key restricted to anything else is refused rather than used against its restriction.
 */
export function pssRestriction(bytes: Uint8Array, params: DerElement | undefined): PssAlgorithm | undefined {
  if (params === undefined) return undefined;
  const [hashField, maskField, saltField, trailerField] = membersOf(bytes, params);
  const hash = hashOf(bytes, hashField, 'PSS hash algorithm');
  if (typeof hash === 'string') throw refused(`it is restricted to ${hash}; JWS RSA-PSS uses SHA-256, SHA-384 or SHA-512`);
  const mgfHash = mgf1HashOf(bytes, maskField);
  if (mgfHash !== hash) {
    const named = typeof mgfHash === 'string' ? mgfHash : mgfHash.name;
    const fix = `openssl makes one with -pkeyopt rsa_pss_keygen_mgf1_md:${hash.name.replace('SHA-', 'sha')}`;
    throw refused(`it is restricted to MGF1 with ${named}, ${hash.alg} needs MGF1 with ${hash.name} (${fix})`);
  }
  const saltLength = smallInteger(bytes, saltField, DEFAULT_SALT_LENGTH, 'salt length');
  if (saltLength > hash.saltLength) throw refused(`its least salt length ${saltLength} exceeds the ${hash.saltLength} bytes ${hash.alg} uses`);
  if (smallInteger(bytes, trailerField, 1, 'trailer field') !== 1) throw refused('its trailer field is not 1');
  return hash.alg;
}
