// `keygate/keys`: making, importing and publishing signing keys (PEM, DER, X.509, JWK, JWKS).
export type { Algorithm, CertificateThumbprints, Jwk, KeyPair, KeyStore, PrivateKey, PublicKey } from './types.js';
export { DEFAULT_ALIAS } from './alias.js';
export { SUPPORTED_ALGORITHMS } from '../jws/algorithms.js';
export { generateKeyPair } from './generate.js';
export type { GenerateKeyPairOptions } from './generate.js';
export { importKey, importPrivateKey, importPublicKey } from './import.js';
export type { ImportKeyOptions } from './import.js';
export { exportJwk, exportPrivateKeyPem, exportPublicKeyPem } from './export.js';
export { exportJwks } from './jwks.js';
export { createJwksKeyStore } from './jwks-store.js';
export type { JwksKeyStore, JwksKeyStoreOptions } from './jwks-store.js';
