import { KeygateError } from '../errors.js';
import { algorithmSpec, requireAlgorithm, subtle } from '../jws/algorithms.js';
import { requireAlias } from './alias.js';
import { makeKey } from './key-object.js';
import type { Algorithm, KeyPair } from './types.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';

/** Options of `generateKeyPair`. */
export interface GenerateKeyPairOptions {
  /** Signature algorithm; default `RS256` (what WSO2 API Manager uses). */
  readonly alg?: Algorithm | undefined;
  /** RSA modulus size in bits; default 2048. Only for RS* / PS*. */
  readonly modulusLength?: 2048 | 3072 | 4096 | undefined;
  /** The key's alias, used as the JWT `kid`; default `gateway_certificate_alias`. */
  readonly alias?: string | undefined;
  /** Whether the private key may be exported (PEM / JWK); default `false`. Public keys always are. */
  readonly extractable?: boolean | undefined;
}

const MODULUS_LENGTHS: readonly number[] = [2048, 3072, 4096];
// F4, the only public exponent every WebCrypto implementation accepts.
const PUBLIC_EXPONENT = /* @__PURE__ */ new Uint8Array([1, 0, 1]);

/** Generates a signing key pair. EdDSA needs a runtime whose WebCrypto has Ed25519. */
export async function generateKeyPair(options: GenerateKeyPairOptions = {}): Promise<KeyPair> {
  checkOptionNames(options, { alg: true, modulusLength: true, alias: true, extractable: true } satisfies OptionNames<GenerateKeyPairOptions>, 'generateKeyPair');
  const alg = options.alg === undefined ? 'RS256' : requireAlgorithm(options.alg, 'options.alg');
  const alias = requireAlias(options.alias, 'options.alias');
  const extractable = options.extractable ?? false;
  if (typeof extractable !== 'boolean') {
    throw new KeygateError('ERR_INVALID_OPTION', 'options.extractable must be a boolean');
  }
  const spec = algorithmSpec(alg);
  let params: RsaHashedKeyGenParams | EcKeyGenParams | { name: string } = spec.importParams;
  if (spec.kty === 'RSA') {
    const modulusLength = options.modulusLength ?? 2048;
    if (!MODULUS_LENGTHS.includes(modulusLength)) {
      throw new KeygateError('ERR_INVALID_OPTION', `options.modulusLength must be one of ${MODULUS_LENGTHS.join(', ')}`);
    }
    params = { ...(spec.importParams as RsaHashedImportParams), modulusLength, publicExponent: PUBLIC_EXPONENT };
  } else if (options.modulusLength !== undefined) {
    throw new KeygateError('ERR_INVALID_OPTION', `options.modulusLength applies to RSA algorithms only, not ${alg}`);
  }

  let pair: CryptoKeyPair;
  try {
    pair = (await subtle().generateKey(params, extractable, ['sign', 'verify'])) as CryptoKeyPair;
  } catch (error) {
    throw new KeygateError('ERR_RUNTIME_UNSUPPORTED', `this runtime's WebCrypto cannot generate ${alg} keys`, {
      cause: error,
    });
  }
  return Object.freeze({
    privateKey: makeKey('private', alias, alg, pair.privateKey),
    publicKey: makeKey('public', alias, alg, pair.publicKey),
  });
}
