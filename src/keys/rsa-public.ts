/**
 * The public numbers of an RSA key, read and checked by keygate itself: WebCrypto imports a key
 * with e = 1, an even e or an even n without a word. With e = 1 a "signature" is just the PKCS#1
 * encoding of the hash, so anyone forges keys that validate; an even n or e is no RSA key at all.
 * Every import path (JWK, SPKI, PKCS#8, certificate, hence a JWKS) goes through `checkRsaKey`.
 */
import { base64UrlDecode } from '../encoding/base64.js';
import { KeygateError } from '../errors.js';
import { contentOf, expectTag, invalidDer, readChildren, readRoot, TAG, unsignedIntegerOf } from './der.js';
import type { KeySource } from './material.js';

/** Big-endian magnitudes without leading zero bytes. */
interface RsaNumbers {
  readonly n: Uint8Array;
  readonly e: Uint8Array;
}

/**
 * The least public exponent accepted by default: F4, what every key generator uses. A smaller odd
 * e (3, 17) is not broken with a strict PKCS#1 / PSS verifier such as WebCrypto's, but it is what
 * the classic forgeries against lax verifiers need, so it takes `allowSmallRsaExponent`.
 */
export const MIN_RSA_EXPONENT = 65537;

function invalid(message: string): KeygateError {
  return new KeygateError('ERR_INVALID_KEY_MATERIAL', message);
}

/** RSAPublicKey ::= SEQUENCE { modulus, publicExponent }, inside the SPKI's BIT STRING. */
function numbersOfSpki(spki: Uint8Array): RsaNumbers {
  const [, key] = readChildren(spki, readRoot(spki, TAG.SEQUENCE));
  const bits = contentOf(spki, expectTag(key, TAG.BIT_STRING, 'subjectPublicKey'));
  if (bits[0] !== 0) throw invalidDer('subjectPublicKey has unused bits');
  const der = bits.subarray(1);
  const [n, e, extra] = readChildren(der, readRoot(der, TAG.SEQUENCE));
  if (extra !== undefined) throw invalidDer('RSAPublicKey has extra elements');
  return { n: unsignedIntegerOf(der, n, 'RSA modulus'), e: unsignedIntegerOf(der, e, 'RSA public exponent') };
}

/** RSAPrivateKey ::= SEQUENCE { version, modulus, publicExponent, ... }, inside the PKCS#8 OCTET STRING. */
function numbersOfPkcs8(pkcs8: Uint8Array): RsaNumbers {
  const [, , key] = readChildren(pkcs8, readRoot(pkcs8, TAG.SEQUENCE));
  const der = contentOf(pkcs8, expectTag(key, TAG.OCTET_STRING, 'PKCS#8 privateKey'));
  const [version, n, e] = readChildren(der, readRoot(der, TAG.SEQUENCE));
  expectTag(version, TAG.INTEGER, 'RSAPrivateKey version');
  return { n: unsignedIntegerOf(der, n, 'RSA modulus'), e: unsignedIntegerOf(der, e, 'RSA public exponent') };
}

/** JWK `n` and `e`: base64url of the unsigned big-endian integers (RFC 7518 §6.3.1). */
function numbersOfJwk(members: Readonly<Record<string, string>>): RsaNumbers {
  const magnitude = (name: 'n' | 'e'): Uint8Array => {
    const bytes = members[name] === undefined ? undefined : base64UrlDecode(members[name]);
    if (bytes === undefined || bytes.length === 0) throw invalid(`the RSA JWK needs member "${name}" as base64url`);
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    return bytes.subarray(start);
  };
  return { n: magnitude('n'), e: magnitude('e') };
}

/** The exponent for a message: its value when it fits in 32 bits, else its size. */
function shown(e: Uint8Array): string {
  if (e.length > 4) return `a ${e.length * 8}-bit exponent`;
  return `e = ${e.reduce((value, byte) => value * 256 + byte, 0)}`;
}

/** Throws ERR_INVALID_KEY_MATERIAL, naming the problem, unless n and e can be an RSA key keygate trusts. */
export function checkRsaNumbers({ n, e }: RsaNumbers, allowSmallExponent: boolean): void {
  if ((n[n.length - 1]! & 1) === 0) throw invalid('RSA key refused: its modulus is even, so it is no RSA key (n is a product of two odd primes)');
  const small = e.length <= 3 ? e.reduce((value, byte) => value * 256 + byte, 0) : Infinity;
  if (small < 3) throw invalid(`RSA key refused: its public exponent is ${shown(e)}, and e < 3 lets anyone forge signatures`);
  if ((e[e.length - 1]! & 1) === 0) throw invalid(`RSA key refused: its public exponent is even (${shown(e)}), so it is no RSA key`);
  if (small < MIN_RSA_EXPONENT && !allowSmallExponent) {
    throw invalid(
      `RSA key refused: its public exponent ${shown(e)} is below ${MIN_RSA_EXPONENT}; ` +
        'pass allowSmallRsaExponent: true to accept an odd exponent of at least 3',
    );
  }
}

/** Checks the public numbers of an RSA key source (a private key's too); other keys pass. */
export function checkRsaKey(source: KeySource, allowSmallExponent: boolean): void {
  if (source.family.kty !== 'RSA') return;
  if (source.format === 'jwk') checkRsaNumbers(numbersOfJwk(source.key), allowSmallExponent);
  else checkRsaNumbers(source.format === 'spki' ? numbersOfSpki(source.der) : numbersOfPkcs8(source.der), allowSmallExponent);
}
