/**
 * `kid:` and `alg:` lines above a PEM block: the alias and algorithm of a key file, as
 * `keygate keygen` writes them. A PEM block has no place for either, and RFC 7468 lets text
 * precede the block, so the file stays standard PEM that OpenSSL reads too.
 */
import { KeygateError } from '../errors.js';
import { requireAlgorithm } from '../jws/algorithms.js';
import { MAX_ALIAS_LENGTH } from './alias.js';
import type { Algorithm } from './types.js';

export interface PemAnnotations {
  readonly kid?: string | undefined;
  readonly alg?: Algorithm | undefined;
}

/** The PEM text with `kid:` and `alg:` lines above it. */
export function annotatePem(pem: string, kid: string, alg: Algorithm): string {
  return `kid: ${kid}\nalg: ${alg}\n${pem.endsWith('\n') ? pem : `${pem}\n`}`;
}

const invalid = (message: string): KeygateError => new KeygateError('ERR_INVALID_KEY_MATERIAL', message);

/**
 * The `kid:` and `alg:` lines before the first PEM block; any other text there (OpenSSL's "Bag
 * Attributes", keytool banners) is ignored, as are empty values. A second, different line for
 * the same name is refused: the file would name two keys.
 */
export function readPemAnnotations(text: string): PemAnnotations {
  const begin = text.indexOf('-----BEGIN ');
  let kid: string | undefined;
  let alg: Algorithm | undefined;
  for (const line of text.slice(0, Math.max(begin, 0)).split('\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (colon < 0 || value.length === 0 || (name !== 'kid' && name !== 'alg')) continue;
    const previous = name === 'kid' ? kid : alg;
    if (previous !== undefined && previous !== value) throw invalid(`the text before the PEM block has two different ${name}: lines`);
    if (name === 'alg') alg = requireAlgorithm(value, 'the alg: line before the PEM block');
    else if (value.length > MAX_ALIAS_LENGTH) throw invalid(`the kid: line before the PEM block is longer than ${MAX_ALIAS_LENGTH} characters`);
    else kid = value;
  }
  return { ...(kid === undefined ? {} : { kid }), ...(alg === undefined ? {} : { alg }) };
}
