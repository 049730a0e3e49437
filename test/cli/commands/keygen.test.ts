import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importPrivateKey, importPublicKey } from '../../../src/keys/index.js';
import { openssl } from '../../keys/openssl.js';
import { createMemorySubscriptionStore, createValidator } from '../../../src/index.js';
import { APP_UUID, setUpCli, type Cli } from '../harness.js';

let cli: Cli;
beforeAll(async () => {
  cli = await setUpCli();
});

const read = (path: string): string => readFileSync(join(cli.dir, path), 'utf8');

describe('keygate keygen', () => {
  it('writes a PKCS#8 key (0600), an SPKI key and a JWKS, annotated with kid and alg', () => {
    const privatePem = read('keys/private.pem');
    expect(privatePem.startsWith('kid: gateway_certificate_alias\nalg: RS256\n-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    expect(statSync(join(cli.dir, 'keys/private.pem')).mode & 0o777).toBe(0o600);
    expect(read('keys/public.pem')).toContain('-----BEGIN PUBLIC KEY-----');
    const jwks = JSON.parse(read('keys/jwks.json')) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', kid: 'gateway_certificate_alias', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('writes standard PEM: OpenSSL and keygate read the annotated files', async () => {
    const files = { 'private.pem': read('keys/private.pem'), 'public.pem': read('keys/public.pem') };
    const out = openssl(
      [
        ['pkey', '-in', 'private.pem', '-pubout', '-out', 'derived.pem'],
        ['pkey', '-pubin', '-in', 'public.pem', '-out', 'public-clean.pem'],
      ],
      ['derived.pem', 'public-clean.pem'],
      files,
    );
    expect(out['derived.pem']!.toString()).toBe(out['public-clean.pem']!.toString());
    await expect(importPrivateKey(files['private.pem'])).resolves.toMatchObject({ alg: 'RS256', alias: 'gateway_certificate_alias' });
    await expect(importPublicKey(files['public.pem'])).resolves.toMatchObject({ type: 'public' });
  });

  it("the library trusts keygen's public.pem under its kid: keys from 'keygate issue' validate", async () => {
    await cli.run(['keygen', '--alg', 'PS256', '--alias', 'signing-2026', '--out', 'k2026']);
    const publicKey = await importPublicKey(read('k2026/public.pem'));
    expect([publicKey.alias, publicKey.alg]).toEqual(['signing-2026', 'PS256']);
    const validator = createValidator({
      keys: [publicKey],
      subscriptions: createMemorySubscriptionStore([{ applicationUuid: APP_UUID, apiContext: '/pizzashack', apiVersion: '1.0.0' }]),
      apis: [{ name: 'PizzaShackAPI', context: '/pizzashack', version: '1.0.0' }],
    });
    const apiKey = await cli.issue([], 'k2026/private.pem');
    const result = await validator.validate({ url: 'http://gw.local/pizzashack/1.0.0/menu', headers: { apikey: apiKey } });
    expect(result.ok ? 'ok' : result.reason).toBe('ok');
  });

  it('--alg and --alias choose the algorithm and the kid', async () => {
    const r = await cli.run(['keygen', '--alg', 'ES256', '--alias', 'signer-2025', '--out', 'es']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ES256 key pair with kid signer-2025');
    expect(read('es/private.pem').startsWith('kid: signer-2025\nalg: ES256\n')).toBe(true);
    const jwks = JSON.parse(read('es/jwks.json')) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: 'signer-2025', alg: 'ES256' });
  });

  it('never overwrites a key', async () => {
    const before = read('keys/private.pem');
    const r = await cli.run(['keygen', '--out', 'keys']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`keygate keygen: ${join('keys', 'private.pem')} already exists; choose another directory\n`);
    expect(read('keys/private.pem')).toBe(before);
  });

  it.each([['HS256'], ['none'], ['rs256']])('refuses --alg %s', async (alg) => {
    const r = await cli.run(['keygen', '--alg', alg, '--out', `bad-${alg}`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--alg must be one of RS256`);
  });
});
