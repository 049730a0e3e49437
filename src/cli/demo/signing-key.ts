import { generateKeyPair } from '../../keys/index.js';
import type { KeyPair } from '../../index.js';
import { exists, keyFilePaths, loadPrivateKey, loadPublicKey, writeKeyFiles } from '../key-files.js';

export interface DemoSigningKey extends KeyPair {
  /** Where the key lives: the same files `keygate keygen --out DIR` writes. */
  readonly privateKeyPath: string;
  readonly created: boolean;
}

/**
 * The demo's signing key, kept in `dir` across runs so keys printed earlier stay valid. The files
 * are keygen's, so `keygate issue --key DIR/private.pem` mints more keys for the running demo.
 */
export async function loadOrCreateSigningKey(dir: string): Promise<DemoSigningKey> {
  const paths = keyFilePaths(dir);
  const [hasPrivate, hasPublic] = await Promise.all([exists(paths.privateKey), exists(paths.publicKey)]);
  if (hasPrivate && hasPublic) {
    const [privateKey, publicKey] = await Promise.all([loadPrivateKey(paths.privateKey), loadPublicKey(paths.publicKey)]);
    return { privateKey, publicKey, privateKeyPath: paths.privateKey, created: false };
  }
  const pair = await generateKeyPair({ extractable: true });
  await writeKeyFiles(dir, pair);
  return { ...pair, privateKeyPath: paths.privateKey, created: true };
}
