import { beforeAll, describe, expect, it } from 'vitest';
import { SEED_SAMPLE_KEY } from '../../helpers/fixtures.js';
import { APP_UUID, setUpCli, type Cli } from '../harness.js';

let cli: Cli;
beforeAll(async () => {
  cli = await setUpCli();
});

interface Summary {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  kind: string;
  issuedAt: string | null;
  expiresAt: string | null;
  expired: boolean;
  restrictions: { ip: string[]; referrer: string[] };
  verified: boolean;
}

describe('keygate inspect', () => {
  it("reads the seed doc's WSO2 key: full, padded, never expires", async () => {
    const r = await cli.run(['inspect', SEED_SAMPLE_KEY]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('kid  gateway_certificate_alias');
    expect(r.stdout).toContain('iat             1571765696 (2019-10-22T17:34:56.000Z)');
    expect(r.stdout).toContain('full (embeds subscribedAPIs and tierInfo)');
    expect(r.stdout).toContain('expires      never (no exp claim)');
    expect(r.stdout).toContain('name DefaultApplication, id 35, uuid 1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547');
    expect(r.stdout).toContain('APIs         PizzaShackAPI /pizzashack/1.0.0 1.0.0');
    expect(r.stdout).toContain("signature    not verified (use 'keygate verify')");
  });

  it('--json gives the summary as one JSON document', async () => {
    const key = await cli.issue(['--validity', '60', '--ip', '10.0.0.0/8', '--referrer', 'www.example.com/path']);
    const r = await cli.run(['inspect', '--json', key]);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as Summary;
    expect(summary).toMatchObject({
      header: { alg: 'RS256', kid: 'gateway_certificate_alias' },
      claims: { application: { uuid: APP_UUID }, keytype: 'PRODUCTION' },
      kind: 'lightweight',
      expired: false,
      restrictions: { ip: ['10.0.0.0/8'], referrer: ['www.example.com/path'] },
      verified: false,
    });
    expect(Date.parse(summary.expiresAt ?? '') - Date.parse(summary.issuedAt ?? '')).toBe(60_000);
  });

  it('shows restrictions and a relative expiry in the report', async () => {
    const key = await cli.issue(['--validity', '7200', '--ip', '192.168.1.2']);
    const r = await cli.run(['inspect', key]);
    expect(r.stdout).toContain('lightweight (application id and uuid only)');
    expect(r.stdout).toMatch(/expires +\S+ \(in (1 hour|2 hours)\)/);
    expect(r.stdout).toContain('IP           192.168.1.2');
    expect(r.stdout).toContain('referrer     any (no restriction)');
  });

  it("reads the key from stdin with '-', and URL-encoded keys as copied from a query string", async () => {
    const key = await cli.issue();
    const fromStdin = await cli.run(['inspect', '--json', '-'], `${key}\n`);
    expect(fromStdin.status).toBe(0);
    const encoded = SEED_SAMPLE_KEY.replaceAll('=', '%3D');
    const fromQuery = await cli.run(['inspect', '--json', encoded]);
    expect((JSON.parse(fromQuery.stdout) as Summary).claims.jti).toBe('a9ef01fb-d405-44a6-9ed2-6e7af52dd783');
  });

  it('a malformed key is a one-line error, exit 1, without echoing the key', async () => {
    const r = await cli.run(['inspect', 'not-a-key']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('keygate inspect: not a valid API key: it does not have three non-empty dot-separated segments\n');
    const empty = await cli.run(['inspect', '-'], '');
    expect(empty.status).toBe(2);
    expect(empty.stderr).toBe('keygate inspect: the API key is empty\n');
  });
});
