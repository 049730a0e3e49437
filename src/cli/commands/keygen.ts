import { generateKeyPair } from '../../keys/index.js';
import { isSupportedAlgorithm, SUPPORTED_ALGORITHMS } from '../../jws/algorithms.js';
import { usageError } from '../args.js';
import { defineCommand } from '../command.js';
import { defined } from '../defined.js';
import { writeKeyFiles } from '../key-files.js';

export const keygenCommand = defineCommand({
  name: 'keygen',
  summary: 'Generate a signing key pair: PKCS#8 and SPKI PEM files and a JWKS',
  help: `Usage: keygate keygen [--alg RS256] [--alias NAME] [--out DIR]

Generates a key pair for signing API keys and writes, in DIR:
  private.pem  the signing key, PKCS#8 PEM (mode 0600: keep it secret)
  public.pem   the public key, SPKI PEM, for gateways that validate the keys
  jwks.json    the public key as a JWK Set (kid = the alias, alg, use "sig")
The PEM files start with 'kid:' and 'alg:' lines (text before the PEM block, which other
PEM readers ignore): 'keygate issue' signs with that kid and algorithm, and keygate's
importKey trusts public.pem under that kid.
Existing files are never overwritten.

Options:
  --alg ALG      ${SUPPORTED_ALGORITHMS.join(', ')} (default RS256, as WSO2 API Manager)
  --alias NAME   the key's alias, written as the JWT kid (default gateway_certificate_alias)
  --out DIR      output directory, created if missing (default: the current directory)
  -h, --help     show this help

Example:
  keygate keygen --alias keygate-2025 --out keys
`,
  options: { alg: { type: 'string' }, alias: { type: 'string' }, out: { type: 'string' } },
  maxPositionals: 0,
  async execute(values, _positionals, io) {
    const alg = values.alg ?? 'RS256';
    if (!isSupportedAlgorithm(alg)) throw usageError(`--alg must be one of ${SUPPORTED_ALGORITHMS.join(', ')}; got '${alg}'`);
    const pair = await generateKeyPair({ alg, extractable: true, ...defined({ alias: values.alias }) });
    const paths = await writeKeyFiles(values.out ?? '.', pair);
    io.out(`Generated ${alg} key pair with kid ${pair.privateKey.alias}:\n  ${paths.privateKey}  (secret)\n  ${paths.publicKey}\n  ${paths.jwks}\n`);
    return 0;
  },
});
