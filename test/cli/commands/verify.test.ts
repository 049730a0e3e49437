import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importPrivateKey } from '../../../src/keys/index.js';
import { issueKey } from '../../../src/issue/index.js';
import { openssl } from '../../keys/openssl.js';
import { APP_UUID, setUpCli, type Cli } from '../harness.js';

let cli: Cli;
let key: string;
beforeAll(async () => {
  cli = await setUpCli();
  key = await cli.issue();
  await cli.run(['keygen', '--out', 'other']);
  // A certificate for keys/private.pem, as WSO2's keystore would hold it: PEM, and DER as keytool exports it.
  const out = openssl(
    [
      ['req', '-x509', '-key', 'private.pem', '-out', 'cert.pem', '-days', '30', '-subj', '/CN=keygate verify test'],
      ['x509', '-in', 'cert.pem', '-outform', 'DER', '-out', 'cert.der'],
    ],
    ['cert.pem', 'cert.der'],
    { 'private.pem': readFileSync(join(cli.dir, 'keys/private.pem')) },
  );
  writeFileSync(join(cli.dir, 'cert.pem'), out['cert.pem']!);
  writeFileSync(join(cli.dir, 'cert.der'), out['cert.der']!);
});

const verify = (apiKey: string, ...args: string[]) => cli.run(['verify', apiKey, ...args]);

describe('keygate verify', () => {
  it.each([
    [['--public', 'keys/public.pem']],
    [['--jwks', 'keys/jwks.json']],
    [['--cert', 'cert.pem']],
    [['--cert', 'cert.der']],
  ])('a valid key with %j: prints valid and the application, exit 0', async (trust) => {
    const r = await verify(key, ...trust);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('valid\n');
    expect(r.stdout).toContain(`application   (unnamed) (uuid ${APP_UUID})`);
    expect(r.stdout).toContain('signed by     kid gateway_certificate_alias, RS256');
    expect(r.stdout).toContain('API           not checked (pass --api CONTEXT:VERSION)');
  });

  it('reads the key from stdin and URL-decodes it', async () => {
    const r = await cli.run(['verify', '-', '--public', 'keys/public.pem'], encodeURIComponent(key));
    expect(r.status).toBe(0);
  });

  it('a key signed by another key, or tampered with: 401 900901, exit 1', async () => {
    const wrongKey = await verify(key, '--public', 'other/public.pem');
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.stdout).toMatch(/^invalid: 401 900901 Invalid Credentials: .*\[bad_signature\]\n$/);
    const tampered = await verify(`${key.slice(0, -4)}AAAA`, '--public', 'keys/public.pem');
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain('[bad_signature]');
    const malformed = await verify('a.b', '--public', 'keys/public.pem');
    expect(malformed.status).toBe(1);
    expect(malformed.stdout).toContain('invalid: 401 900901');
  });

  it('an unknown kid in a JWKS is refused', async () => {
    await cli.run(['keygen', '--alias', 'elsewhere', '--out', 'elsewhere']);
    const r = await verify(key, '--jwks', 'elsewhere/jwks.json');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('[unknown_kid]');
  });

  it('an expired key is refused', async () => {
    const signingKey = await importPrivateKey(readFileSync(join(cli.dir, 'keys/private.pem'), 'utf8'));
    const hourAgo = Date.now() - 3_600_000;
    const expired = await issueKey({ signingKey, application: { uuid: APP_UUID }, validityPeriod: 60, now: () => hourAgo });
    const r = await verify(expired, '--public', 'keys/public.pem');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^invalid: 401 900901 .*\[expired\]\n$/);
  });

  it('--api: a full key must list the API; a lightweight key passes (subscription assumed)', async () => {
    const full = await cli.issue(['--full', '--api', '/pizzashack:1.0.0']);
    const ok = await verify(full, '--public', 'keys/public.pem', '--api', '/pizzashack:1.0.0');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('API           /pizzashack 1.0.0\n');
    const other = await verify(full, '--public', 'keys/public.pem', '--api', '/orders:1.0.0');
    expect(other.status).toBe(1);
    expect(other.stdout).toBe('invalid: 403 900908 Resource forbidden: The API key is not issued for /orders 1.0.0 [not_subscribed]\n');
    const listed = await verify(full, '--public', 'keys/public.pem');
    expect(listed.stdout).toContain('API           pizzashack (/pizzashack 1.0.0)');
    expect((await verify(key, '--public', 'keys/public.pem', '--api', '/orders:1.0.0')).status).toBe(0);
  });

  it('a key with an IP restriction needs --ip (fails closed)', async () => {
    const restricted = await cli.issue(['--ip', '10.0.0.0/8']);
    const r = await verify(restricted, '--public', 'keys/public.pem');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^invalid: 403 900908 .*\[ip_restricted\]\n$/);
  });

  it('enforces IP and referrer restrictions with --ip and --referrer', async () => {
    const restricted = await cli.issue(['--ip', '10.0.0.0/8', '--referrer', '*.example.com/*']);
    const trust = ['--public', 'keys/public.pem'];
    expect((await verify(restricted, ...trust, '--ip', '10.1.2.3', '--referrer', 'https://shop.example.com/cart')).status).toBe(0);
    const outside = await verify(restricted, ...trust, '--ip', '11.0.0.1', '--referrer', 'https://shop.example.com/cart');
    expect(outside.stdout).toMatch(/^invalid: 403 900908 .*does not allow calls from 11\.0\.0\.1 \[ip_restricted\]\n$/);
    const elsewhere = await verify(restricted, ...trust, '--ip', '10.1.2.3', '--referrer', 'https://evil.example.org/');
    expect(elsewhere.stdout).toMatch(/^invalid: 403 900908 .*\[referrer_restricted\]\n$/);
  });

  it.each([[[]], [['--public', 'keys/public.pem', '--jwks', 'keys/jwks.json']]])('needs exactly one trusted key source: %j', async (trust) => {
    const r = await verify(key, ...trust);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('keygate verify: give exactly one of --jwks FILE, --cert PEM or --public PEM\n');
  });

  it('a JWK Set given as --public or --cert: a usage error pointing to --jwks', async () => {
    for (const flag of ['--public', '--cert']) {
      const r = await verify(key, flag, 'keys/jwks.json');
      expect([r.status, r.stderr]).toEqual([2, 'keygate verify: keys/jwks.json is a JWK Set: pass it with --jwks keys/jwks.json\n']);
    }
  });

  it('a JWK Set with two keys under the key\'s kid is refused, naming the file', async () => {
    const jwk = (JSON.parse(readFileSync(join(cli.dir, 'keys/jwks.json'), 'utf8')) as { keys: unknown[] }).keys[0];
    writeFileSync(join(cli.dir, 'twice.json'), JSON.stringify({ keys: [jwk, jwk] }));
    const r = await verify(key, '--jwks', 'twice.json');
    expect([r.status, r.stderr]).toEqual([2, 'keygate verify: twice.json has 2 keys with kid "gateway_certificate_alias": a kid must name one key\n']);
  });

  it('a file that is not a JWK Set is a one-line error', async () => {
    const r = await verify(key, '--jwks', 'keys/public.pem');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('keygate verify: keys/public.pem is not a JWK Set: expected {"keys": [...]}\n');
  });
});
