import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJwks, exportPrivateKeyPem, exportPublicKeyPem, importPrivateKey, importPublicKey } from '../keys/index.js';
import { annotatePem, readPemAnnotations, type PemAnnotations } from '../keys/pem-annotations.js';
import { isKeygateError, KeygateError } from '../errors.js';
import type { Algorithm, KeyPair, PrivateKey, PublicKey } from '../index.js';
import { usageError } from './args.js';
import { defined } from './defined.js';

/** Files larger than this are refused before parsing (a PEM key or a JWKS is a few KiB). */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * A key file as keygen writes it: the PEM block preceded by `kid:` and `alg:` lines (see
 * src/keys/pem-annotations.ts), which `issue`, `jwks` and `verify` honour as the library does.
 */
export interface KeyFile {
  readonly path: string;
  readonly text: string;
  readonly kid?: string | undefined;
  readonly alg?: Algorithm | undefined;
}

async function readBounded(path: string): Promise<Buffer> {
  const bytes = await readFile(path);
  if (bytes.length > MAX_FILE_BYTES) throw usageError(`${path} is larger than ${MAX_FILE_BYTES} bytes`);
  return bytes;
}

export async function readTextFile(path: string): Promise<string> {
  return (await readBounded(path)).toString('utf8');
}

/** The file's `kid:` / `alg:` lines; a bad one is reported with the file's name. */
function annotationsOf(text: string, path: string): PemAnnotations {
  try {
    return readPemAnnotations(text);
  } catch (error) {
    throw isKeygateError(error) ? new KeygateError(error.code, `${path}: ${error.message}`, { cause: error }) : error;
  }
}

/** PEM text; with `derLabel`, binary DER (keytool's default export) is armoured under that label. */
export async function readKeyFile(path: string, derLabel?: 'CERTIFICATE'): Promise<KeyFile> {
  const bytes = await readBounded(path);
  // A DER SEQUENCE starts with 0x30; PEM is ASCII text with a BEGIN line.
  const isDer = derLabel !== undefined && bytes[0] === 0x30 && !bytes.includes('-----BEGIN ');
  const text = isDer ? `-----BEGIN ${derLabel}-----\n${bytes.toString('base64')}\n-----END ${derLabel}-----\n` : bytes.toString('utf8');
  return { path, text, ...annotationsOf(text, path) };
}

/** A signing key from a PKCS#8 PEM file (importPrivateKey takes alias and algorithm from its annotations, else the defaults). */
export async function loadPrivateKey(path: string): Promise<PrivateKey> {
  return importPrivateKey((await readKeyFile(path)).text);
}

/**
 * A trusted key from an SPKI PEM or X.509 certificate file. Annotations win; `fallback` fills
 * what the file does not say (verify uses the key's own `kid`/`alg`: the user named this key).
 */
export function importKeyFile(file: KeyFile, fallback: { kid?: string; alg?: Algorithm } = {}): Promise<PublicKey> {
  return importPublicKey(file.text, defined({ alias: file.kid ?? fallback.kid, alg: file.alg ?? fallback.alg }));
}

/** importKeyFile for the file at `path`. */
export async function loadPublicKey(path: string): Promise<PublicKey> {
  return importKeyFile(await readKeyFile(path));
}

/** The files `keygate keygen` writes (and the demo keeps in .keygate-demo/). */
export const KEY_FILES = { privateKey: 'private.pem', publicKey: 'public.pem', jwks: 'jwks.json' } as const;

export type KeyFilePaths = { readonly [F in keyof typeof KEY_FILES]: string };

export function keyFilePaths(dir: string): KeyFilePaths {
  return { privateKey: join(dir, KEY_FILES.privateKey), publicKey: join(dir, KEY_FILES.publicKey), jwks: join(dir, KEY_FILES.jwks) };
}

export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Writes private.pem (mode 0600), public.pem and jwks.json into `dir`, creating it. Never
 * overwrites: an existing file is a usage error, checked before anything is written.
 */
export async function writeKeyFiles(dir: string, { privateKey, publicKey }: KeyPair): Promise<KeyFilePaths> {
  const paths = keyFilePaths(dir);
  for (const path of Object.values(paths)) {
    if (await exists(path)) throw usageError(`${path} already exists; choose another directory`);
  }
  const { alias, alg } = privateKey;
  await mkdir(dir, { recursive: true });
  // 'wx': fail rather than overwrite, even if a file appeared since the check above.
  await writeFile(paths.privateKey, annotatePem(await exportPrivateKeyPem(privateKey), alias, alg), { flag: 'wx', mode: 0o600 });
  await writeFile(paths.publicKey, annotatePem(await exportPublicKeyPem(publicKey), alias, alg), { flag: 'wx' });
  await writeFile(paths.jwks, `${JSON.stringify(await exportJwks([publicKey]), null, 2)}\n`, { flag: 'wx' });
  return paths;
}
