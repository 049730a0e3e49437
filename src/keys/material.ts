/**
 * Turns what a user passes to importKey (PEM text, JWK text or a JWK object) into one shape:
 * the key bytes or JWK, its family, and any certificate that came with it.
 */
import { parseJsonObject } from '../encoding/json.js';
import { KeygateError } from '../errors.js';
import { spkiOfCertificate } from './certificate.js';
import { familyOfPkcs8, familyOfSpki } from './detect.js';
import type { KeyFamily } from './detect.js';
import { readJwk } from './jwk-read.js';
import type { JwkSource } from './jwk-read.js';
import { checkMaterialLength, decodePem } from './pem.js';
import { readPemAnnotations } from './pem-annotations.js';
import type { Algorithm } from './types.js';

export type KeySource =
  | {
      readonly format: 'spki' | 'pkcs8';
      readonly type: 'public' | 'private';
      readonly family: KeyFamily;
      readonly der: Uint8Array<ArrayBuffer>;
      /** The certificate the SPKI was read from (a PEM CERTIFICATE). */
      readonly certificate: Uint8Array<ArrayBuffer> | undefined;
      /** From the `alg:` and `kid:` lines above the PEM block, when it has them. */
      readonly alg: Algorithm | undefined;
      readonly kid: string | undefined;
    }
  | ({ readonly format: 'jwk' } & JwkSource);

/** PKCS#1, SEC1 and encrypted keys: say how to get PKCS#8 instead of a bare "unsupported". */
const CONVERSIONS: Readonly<Record<string, string>> = {
  'RSA PRIVATE KEY': 'PKCS#1 RSA private key: convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem`',
  'EC PRIVATE KEY': 'SEC1 EC private key: convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem`',
  'RSA PUBLIC KEY': 'PKCS#1 RSA public key: convert it with `openssl rsa -RSAPublicKey_in -pubout -in key.pem`',
  'ENCRYPTED PRIVATE KEY': 'encrypted private key: decrypt it with `openssl pkcs8 -in key.pem` first',
};

/** The DER of a PEM certificate (for the `certificate` option). */
export function readCertificatePem(text: unknown): Uint8Array<ArrayBuffer> {
  if (typeof text !== 'string') throw new KeygateError('ERR_INVALID_OPTION', 'options.certificate must be a PEM string');
  const block = decodePem(text);
  if (block.label !== 'CERTIFICATE') {
    throw new KeygateError('ERR_INVALID_KEY_MATERIAL', `options.certificate holds a ${block.label}, not a CERTIFICATE`);
  }
  spkiOfCertificate(block.der);
  return block.der;
}

function fromPem(text: string): KeySource {
  const { label, der } = decodePem(text);
  const { alg, kid } = readPemAnnotations(text);
  const base = { certificate: undefined, alg, kid };
  switch (label) {
    case 'PUBLIC KEY':
      return { ...base, format: 'spki', type: 'public', family: familyOfSpki(der), der };
    case 'PRIVATE KEY':
      return { ...base, format: 'pkcs8', type: 'private', family: familyOfPkcs8(der), der };
    case 'CERTIFICATE': {
      const spki = spkiOfCertificate(der);
      return { ...base, format: 'spki', type: 'public', family: familyOfSpki(spki), der: spki, certificate: der };
    }
    default:
      throw new KeygateError(
        'ERR_INVALID_KEY_MATERIAL',
        `${CONVERSIONS[label] ?? `unsupported PEM block "${label}"`}; keygate reads PRIVATE KEY (PKCS#8), PUBLIC KEY (SPKI), CERTIFICATE`,
      );
  }
}

export function readMaterial(material: unknown): KeySource {
  if (typeof material === 'string') {
    checkMaterialLength(material.length);
    if (material.trimStart().startsWith('{')) {
      const jwk = parseJsonObject(material, 4);
      if (jwk === undefined) throw new KeygateError('ERR_INVALID_KEY_MATERIAL', 'the JWK text is not a JSON object');
      return { format: 'jwk', ...readJwk(jwk) };
    }
    return fromPem(material);
  }
  if (typeof material === 'object' && material !== null) return { format: 'jwk', ...readJwk(material) };
  throw new KeygateError('ERR_INVALID_KEY_MATERIAL', 'key material must be a PEM string, JWK JSON text or a JWK object');
}

/** The material's own `alg` (a JWK's, a PEM's `alg:` line) must agree with the caller's choice when both are given. */
export function requestedAlgorithm(source: KeySource, requested: Algorithm | undefined): Algorithm | undefined {
  if (source.alg !== undefined && requested !== undefined && source.alg !== requested) {
    const own = source.format === 'jwk' ? "the JWK's alg" : 'the alg: line of the PEM';
    throw new KeygateError('ERR_UNSUPPORTED_ALGORITHM', `options.alg ${requested} disagrees with ${own} ${source.alg}`);
  }
  return requested ?? source.alg;
}
