import { KeygateError } from '../errors.js';
import { subtle } from '../jws/algorithms.js';
import { familyOfJwk } from './detect.js';
import { keyMembers } from './jwk-read.js';
import { encodePem } from './pem.js';
import type { Jwk, PrivateKey, PublicKey } from './types.js';

function requireKey(key: PrivateKey | PublicKey | undefined, type: 'public' | 'private' | undefined, field: string): void {
  const ok = key !== undefined && key !== null && (type === undefined ? key.type === 'public' || key.type === 'private' : key.type === type);
  if (!ok || typeof key.cryptoKey?.extractable !== 'boolean') {
    throw new KeygateError('ERR_INVALID_OPTION', `${field} must be a keygate ${type ?? 'public or private'} key`);
  }
  if (!key.cryptoKey.extractable) {
    throw new KeygateError(
      'ERR_INVALID_OPTION',
      `${field} is not extractable: create it with generateKeyPair({ extractable: true }) or importKey(..., { extractable: true })`,
    );
  }
}

/** The public key as PEM SPKI (`-----BEGIN PUBLIC KEY-----`). */
export async function exportPublicKeyPem(key: PublicKey): Promise<string> {
  requireKey(key, 'public', 'key');
  return encodePem('PUBLIC KEY', new Uint8Array(await subtle().exportKey('spki', key.cryptoKey)));
}

/** The private key as PEM PKCS#8 (`-----BEGIN PRIVATE KEY-----`); the key must be extractable. */
export async function exportPrivateKeyPem(key: PrivateKey): Promise<string> {
  requireKey(key, 'private', 'key');
  return encodePem('PRIVATE KEY', new Uint8Array(await subtle().exportKey('pkcs8', key.cryptoKey)));
}

/**
 * The key as a JWK with `kid` (its alias), `alg` and `use: "sig"`. A key read from a certificate
 * also gets `x5t` and `x5t#S256` in WSO2's style (padded base64url of the lowercase hex
 * thumbprint, not RFC 7517's base64url of the raw digest), so the values match WSO2's JWT headers.
 * Private keys must be extractable and give a private JWK: never publish those.
 */
export async function exportJwk(key: PublicKey | PrivateKey): Promise<Jwk> {
  requireKey(key, undefined, 'key');
  const exported = await subtle().exportKey('jwk', key.cryptoKey);
  // Only the key members: WebCrypto's own `key_ops`, `ext` and `alg` spelling are replaced by ours.
  const members = keyMembers(exported, familyOfJwk(exported), false);
  const jwk: Record<string, string> = { kty: members.kty!, kid: key.alias, use: 'sig', alg: key.alg, ...members };
  if (key.certificate !== undefined) {
    jwk.x5t = key.certificate.x5t;
    jwk['x5t#S256'] = key.certificate.x5tS256;
  }
  return jwk;
}
