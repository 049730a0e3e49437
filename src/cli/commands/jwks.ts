import { exportJwks } from '../../keys/index.js';
import { usageError } from '../args.js';
import { defineCommand } from '../command.js';
import { loadPublicKey } from '../key-files.js';

export const jwksCommand = defineCommand({
  name: 'jwks',
  summary: 'Build a JWK Set from public keys and certificates (for rotation: several kids)',
  help: `Usage: keygate jwks --public PEM [--public PEM ...]

Prints a JWK Set with one key per file, for gateways or jose to verify API keys with.
Each file is an SPKI public key or an X.509 certificate; its kid and alg come from its
'kid:'/'alg:' lines (as keygen writes them), else kid gateway_certificate_alias and the
key's own algorithm (RS256 for RSA). During a rotation list the old and the new key:
every kid must be distinct. Certificates also give WSO2-style x5t and x5t#S256 members.

Options:
  --public PEM  a public key or certificate file; repeat for more (extra file arguments
                after the first --public are read as well)
  -h, --help    show this help

Example:
  keygate jwks --public keys-2024/public.pem --public keys-2025/public.pem > jwks.json
`,
  options: { public: { type: 'string', multiple: true } },
  maxPositionals: Number.MAX_SAFE_INTEGER,
  async execute(values, positionals, io) {
    if (values.public === undefined) throw usageError('--public PEM is required (repeat it for several keys)');
    const files = [...values.public, ...positionals];
    const keys = [];
    const fileOfKid = new Map<string, string>();
    for (const file of files) {
      const key = await loadPublicKey(file);
      const first = fileOfKid.get(key.alias);
      if (first !== undefined) {
        const where = first === file ? `${file} is given twice` : `${first} and ${file} both have it`;
        throw usageError(`duplicate kid ${JSON.stringify(key.alias)}: ${where} (a JWK Set needs one kid per key: keygen --alias)`);
      }
      fileOfKid.set(key.alias, file);
      keys.push(key);
    }
    io.out(`${JSON.stringify(await exportJwks(keys), null, 2)}\n`);
    return 0;
  },
});
