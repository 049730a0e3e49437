export { KeygateError, isKeygateError } from './errors.js';
export type { KeygateErrorCode } from './errors.js';

// keys/
export type { Algorithm, CertificateThumbprints, KeyPair, KeyStore, PrivateKey, PublicKey } from './keys/types.js';
export { DEFAULT_ALIAS } from './keys/alias.js';
export { generateKeyPair } from './keys/generate.js';
export type { GenerateKeyPairOptions } from './keys/generate.js';
export { createStaticKeyStore } from './keys/static-store.js';
export type { StaticKeyStore } from './keys/static-store.js';
