import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { setUpCli, type Cli } from '../harness.js';

let cli: Cli;
beforeAll(async () => {
  cli = await setUpCli();
  await cli.run(['keygen', '--alias', 'next-key', '--alg', 'ES256', '--out', 'next']);
});

describe('keygate jwks', () => {
  it('builds one JWK Set from several public keys (rotation): jose verifies keys of both', async () => {
    const r = await cli.run(['jwks', '--public', 'keys/public.pem', '--public', 'next/public.pem']);
    expect(r.status).toBe(0);
    const jwks = JSON.parse(r.stdout) as { keys: Array<{ kid: string; alg: string }> };
    expect(jwks.keys.map((k) => [k.kid, k.alg])).toEqual([
      ['gateway_certificate_alias', 'RS256'],
      ['next-key', 'ES256'],
    ]);
    const keySet = createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]);
    for (const file of ['keys/private.pem', 'next/private.pem']) {
      const { protectedHeader } = await jwtVerify(await cli.issue([], file), keySet);
      expect(['gateway_certificate_alias', 'next-key']).toContain(protectedHeader.kid);
    }
  });

  it('takes extra files after --public, and matches keygen’s jwks.json', async () => {
    const r = await cli.run(['jwks', '--public', 'keys/public.pem']);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(cli.dir, 'keys/jwks.json'), 'utf8')));
    const both = await cli.run(['jwks', '--public', 'keys/public.pem', 'next/public.pem']);
    expect((JSON.parse(both.stdout) as { keys: unknown[] }).keys).toHaveLength(2);
  });

  it('refuses two keys with one kid, and private keys', async () => {
    const twice = await cli.run(['jwks', '--public', 'keys/public.pem', '--public', 'keys/public.pem']);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/^keygate jwks: duplicate kid "gateway_certificate_alias": keys\/public\.pem is given twice \(.*\)\n$/);
    await cli.run(['keygen', '--out', 'same-kid']);
    const clash = await cli.run(['jwks', '--public', 'keys/public.pem', 'next/public.pem', 'same-kid/public.pem']);
    expect(clash.status).toBe(2);
    expect(clash.stderr).toBe(
      'keygate jwks: duplicate kid "gateway_certificate_alias": keys/public.pem and same-kid/public.pem both have it (a JWK Set needs one kid per key: keygen --alias)\n',
    );
    const secret = await cli.run(['jwks', '--public', 'keys/private.pem']);
    expect(secret.status).not.toBe(0);
    expect(secret.stdout).toBe('');
  });
});
