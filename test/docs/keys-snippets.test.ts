/**
 * Runs every snippet of docs/keys.md: the shell blocks in a temp dir holding a WSO2-style keystore
 * (made with keytool, as WSO2 ships wso2carbon.jks), the TypeScript blocks against src/ with the
 * file names pointed at that dir.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KeyPair, PrivateKey, PublicKey, StaticKeyStore } from '../../src/index.js';
import { runSnippet, snippetsOf } from '../helpers/snippets.js';
import { fingerprint } from '../keys/openssl.js';

const DOC = 'docs/keys.md';

function shellBlocks(): string[] {
  const text = readFileSync(DOC, 'utf8');
  return text.split('```sh\n').slice(1).map((rest) => rest.slice(0, rest.indexOf('```')));
}

describe('docs/keys.md', () => {
  let dir = '';
  const exportsOf: Record<string, unknown> = {};
  const logs: unknown[][] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keygate-docs-'));
    execFileSync('keytool', [
      '-genkeypair', '-alias', 'wso2carbon', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '365',
      '-keystore', 'wso2carbon.jks', '-storetype', 'JKS', '-storepass', 'wso2carbon', '-keypass', 'wso2carbon',
      '-dname', 'CN=localhost, O=WSO2, L=Mountain View, ST=CA, C=US',
    ], { cwd: dir, stdio: 'pipe' });
    for (const script of shellBlocks()) execFileSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: dir, stdio: 'pipe' });
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args));
    try {
      for (const [i, snippet] of snippetsOf(DOC).entries()) {
        let code = snippet;
        for (const file of readdirSync(dir)) code = code.replaceAll(`'${file}'`, JSON.stringify(join(dir, file)));
        Object.assign(exportsOf, await runSnippet(code, `keys-md-${i}`));
      }
    } finally {
      log.mockRestore();
    }
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has the snippets this test knows about', () => {
    expect(snippetsOf(DOC)).toHaveLength(7);
    expect(shellBlocks()).toHaveLength(2);
  });

  it('generating: defaults and options', () => {
    const { privateKey, es256, rsa4096 } = exportsOf as { privateKey: PrivateKey; es256: KeyPair; rsa4096: KeyPair };
    expect(privateKey).toMatchObject({ alg: 'RS256', alias: 'gateway_certificate_alias' });
    expect(privateKey.cryptoKey.extractable).toBe(false);
    expect(es256.privateKey).toMatchObject({ alg: 'ES256', alias: 'signing-2026-01' });
    expect(es256.privateKey.cryptoKey.extractable).toBe(true);
    expect((rsa4096.publicKey.cryptoKey.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(4096);
  });

  it('saving and loading PEM', () => {
    const { privatePem, signingKey, trustedKey } = exportsOf as { privatePem: string; signingKey: PrivateKey; trustedKey: PublicKey };
    expect(privatePem.startsWith('-----BEGIN PRIVATE KEY-----')).toBe(true);
    expect(signingKey).toMatchObject({ type: 'private', alias: 'signing-2026-01', alg: 'RS256' });
    expect(trustedKey).toMatchObject({ type: 'public', alias: 'signing-2026-01' });
  });

  it('the WSO2 certificate imports with the thumbprints keytool and openssl print', () => {
    const wso2 = exportsOf.wso2 as PublicKey;
    const pem = readFileSync(join(dir, 'wso2carbon.pem'), 'utf8');
    expect(wso2).toMatchObject({ alias: 'gateway_certificate_alias', alg: 'RS256' });
    expect(wso2.certificate?.sha1Hex).toBe(fingerprint(pem, 'sha1'));
    const listing = execFileSync('keytool', ['-list', '-v', '-keystore', 'wso2carbon.jks', '-storepass', 'wso2carbon'], { cwd: dir }).toString();
    const sha256 = /SHA256: ([0-9A-F:]+)/.exec(listing)?.[1];
    expect(sha256?.replaceAll(':', '').toLowerCase()).toBe(wso2.certificate?.sha256Hex);
    expect(logs).toContainEqual(['RS256']);
    expect(logs).toContainEqual([wso2.certificate?.sha256Hex]);
  });

  it('the WSO2 keystore key signs with the certificate x5t', () => {
    const { wso2SigningKey, wso2 } = exportsOf as { wso2SigningKey: PrivateKey; wso2: PublicKey };
    expect(wso2SigningKey.certificate).toEqual(wso2.certificate);
    expect(logs).toContainEqual([true]);
  });

  it('JWK import', () => {
    expect(logs).toContainEqual(['public', 'partner-2026', 'ES256']);
  });

  it('rotation: both kids validate while trusted, the old one is refused once dropped', async () => {
    expect(logs).toContainEqual(['valid, kid signing-2026-01']);
    expect(logs).toContainEqual(['valid, kid signing-2026-07']);
    const { afterRotation, oldKey } = exportsOf as { afterRotation: StaticKeyStore; oldKey: string };
    expect(afterRotation.getKey('signing-2026-01')).toBeUndefined();
    expect(afterRotation.getKey('signing-2026-07')).toBeDefined();
    expect(oldKey.split('.')).toHaveLength(3);
  });

  it('JWKS: jose verifies, another gateway imports', () => {
    const { jwks, payload, trusted } = exportsOf as { jwks: { keys: Record<string, unknown>[] }; payload: { application: unknown }; trusted: PublicKey[] };
    expect(Object.keys(jwks.keys[0]!)).toEqual(['kty', 'kid', 'use', 'alg', 'n', 'e']);
    expect(payload.application).toMatchObject({ uuid: 'app-1' });
    expect(trusted[0]).toMatchObject({ alias: 'signing-2026-01', alg: 'RS256' });
  });
});
