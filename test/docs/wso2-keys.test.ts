/** docs/wso2-keys.md against a keystore made like WSO2's, and a key signed the way WSO2 signs. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type PrivateKey } from '../../src/index.js';
import { importPrivateKey } from '../../src/keys/index.js';
import { SEED_SAMPLE_KEY, signWso2Style } from '../helpers/fixtures.js';
import { buildProgram } from '../helpers/programs.js';
import { blocksOf, runGuide, runShellBlocks } from './guide-runner.js';

let bin = '';
beforeAll(async () => {
  bin = await buildProgram('keygate');
});

describe('docs/wso2-keys.md', () => {
  it('validates a key minted the way WSO2 API Manager mints it (keytool keystore, padded, full claims)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keygate-wso2-'));
    const key = await wso2Keystore(dir);
    const [exportCert, check, convert] = blocksOf('docs/wso2-keys.md', 'sh');
    runShellBlocks([exportCert!], dir, bin);
    // A full key like the seed doc's sample, signed over padded segments as WSO2 does.
    const claims = JSON.parse(Buffer.from(SEED_SAMPLE_KEY.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const wso2Key = await signWso2Style(
      { x5t: key.certificate?.x5t, kid: 'gateway_certificate_alias', typ: 'JWT', alg: 'RS256' },
      { ...claims, iat: Math.floor(Date.now() / 1000), jti: crypto.randomUUID() },
      key,
    );
    expect(wso2Key.split('.').every((segment) => segment.length % 4 === 0)).toBe(true);
    writeFileSync(join(dir, 'wso2-key.txt'), `${wso2Key}\n`);
    const [checked] = runShellBlocks([check!], dir, bin);
    expect(checked).toMatch(/^valid\n/);
    expect(checked).toContain('kind         full (embeds subscribedAPIs and tierInfo)');
    expect(checked).toContain('expires      never (no exp claim)');
    runShellBlocks([convert!], dir, bin);
    const quoted = (file: string) => [`'${file}'`, JSON.stringify(join(dir, file))] as const;
    await runGuide('docs/wso2-keys.md', Object.fromEntries([quoted('wso2.pem'), quoted('wso2-key.txt')]));
  });
});

/** A WSO2-style JKS keystore (alias wso2carbon) in `dir`, and its private key with the certificate's thumbprints. */
async function wso2Keystore(dir: string): Promise<PrivateKey> {
  const run = (program: string, args: string[]) => execFileSync(program, args, { cwd: dir, stdio: 'pipe' });
  run('keytool', [
    '-genkeypair', '-alias', 'wso2carbon', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '365', '-keystore', 'wso2carbon.jks',
    '-storetype', 'JKS', '-storepass', 'wso2carbon', '-keypass', 'wso2carbon', '-dname', 'CN=localhost, O=WSO2, C=US',
  ]);
  run('keytool', [
    '-importkeystore', '-srckeystore', 'wso2carbon.jks', '-srcstorepass', 'wso2carbon', '-srcalias', 'wso2carbon',
    '-destkeystore', 'p12', '-deststoretype', 'PKCS12', '-deststorepass', 'wso2carbon',
  ]);
  run('openssl', ['pkcs12', '-in', 'p12', '-passin', 'pass:wso2carbon', '-nocerts', '-nodes', '-out', 'key.pem']);
  run('openssl', ['pkcs12', '-in', 'p12', '-passin', 'pass:wso2carbon', '-nokeys', '-out', 'cert.pem']);
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  return importPrivateKey(read('key.pem'), { alias: 'gateway_certificate_alias', certificate: read('cert.pem') });
}
