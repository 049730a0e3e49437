import { beforeAll, describe, expect, it } from 'vitest';
import { decodeKey } from '../../../src/issue/index.js';
import { APP_UUID, setUpCli, type Cli } from '../harness.js';

let cli: Cli;
beforeAll(async () => {
  cli = await setUpCli();
});

describe('keygate issue', () => {
  it('prints a lightweight key that never expires (the defaults), one line on stdout', async () => {
    const r = await cli.run(['issue', '--key', 'keys/private.pem', '--app-uuid', APP_UUID]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const { header, payload } = decodeKey(r.stdout);
    expect(header).toMatchObject({ alg: 'RS256', kid: 'gateway_certificate_alias', typ: 'JWT' });
    expect(payload).toMatchObject({ application: { uuid: APP_UUID }, keytype: 'PRODUCTION', token_type: 'apiKey' });
    expect(payload).not.toHaveProperty('exp');
    expect(payload).not.toHaveProperty('subscribedAPIs');
  });

  it('--subject, --validity, --ip and --referrer become claims', async () => {
    const key = await cli.issue(['--subject', 'kanchana', '--validity', '3600', '--ip', '192.168.1.2', '--ip', '152.12.0.0/13', '--referrer', '*.example.com/*']);
    const { payload } = decodeKey(key);
    expect(payload).toMatchObject({ sub: 'kanchana', permittedIP: '192.168.1.2,152.12.0.0/13', permittedReferer: '*.example.com/*' });
    expect((payload.exp as number) - (payload.iat as number)).toBe(3600);
  });

  it.each([
    ['3600', 3600],
    ['90m', 5400],
    ['1h', 3600],
    ['30d', 2_592_000],
  ])('--validity %s is a lifetime of %i seconds', async (validity, seconds) => {
    const { payload } = decodeKey(await cli.issue(['--validity', validity]));
    expect((payload.exp as number) - (payload.iat as number)).toBe(seconds);
  });

  it('--app-name names the application of a full key; a lightweight key leaves it out and says so', async () => {
    const full = await cli.run(['issue', '--key', 'keys/private.pem', '--app-uuid', APP_UUID, '--app-name', 'Shop', '--full', '--api', '/shop:1']);
    expect(full.stderr).toBe('');
    expect(decodeKey(full.stdout.trim()).payload.application).toMatchObject({ uuid: APP_UUID, name: 'Shop' });
    const light = await cli.run(['issue', '--key', 'keys/private.pem', '--app-uuid', APP_UUID, '--app-name', 'Shop']);
    expect(light.status).toBe(0);
    expect(decodeKey(light.stdout.trim()).payload.application).toEqual({ uuid: APP_UUID });
    expect(light.stderr).toBe('keygate issue: note: --app-name is left out of lightweight keys (they carry the uuid only); add --full to embed it\n');
  });

  it('--full --api embeds the subscribed APIs and the application details', async () => {
    const key = await cli.issue(['--full', '--app-name', 'DefaultApplication', '--api', '/pizzashack:1.0.0', '--api', '/orders/v2:2.0']);
    const { payload } = decodeKey(key);
    expect(payload.application).toMatchObject({ uuid: APP_UUID, name: 'DefaultApplication' });
    expect(payload.subscribedAPIs).toEqual([
      expect.objectContaining({ name: 'pizzashack', context: '/pizzashack/1.0.0', version: '1.0.0' }),
      expect.objectContaining({ name: 'orders/v2', context: '/orders/v2/2.0', version: '2.0' }),
    ]);
  });

  it('signs with the kid and algorithm keygen wrote into the key file', async () => {
    await cli.run(['keygen', '--alg', 'PS256', '--alias', 'pss-signer', '--out', 'pss']);
    const { header } = decodeKey(await cli.issue([], 'pss/private.pem'));
    expect(header).toMatchObject({ alg: 'PS256', kid: 'pss-signer' });
  });

  it.each([
    [['--validity', '0'], '--validity must be a positive duration: seconds (3600), or a number with s, m, h or d (90m, 1h, 30d); got \'0\''],
    [['--validity', '1.5h'], "--validity must be a positive duration"],
    [['--validity', '2w'], "--validity must be a positive duration"],
    [['--validity', '-60'], "Option '--validity' argument is ambiguous"],
    [['--api', '/pizzashack:1.0.0'], '--api is embedded in full keys only: add --full'],
    [['--full'], '--full needs at least one --api CONTEXT:VERSION'],
    [['--full', '--api', 'pizzashack'], '--api must be CONTEXT:VERSION'],
    [['--ip', '10.0.0.1', '--ip', '1.2.3.4 5'], '--ip value 2 is invalid: '],
    [['--referrer', 'www.example .com/*'], '--referrer value 1 is invalid: '],
  ])('refuses %j with a one-line usage error naming the flag', async (extra, message) => {
    const r = await cli.run(['issue', '--key', 'keys/private.pem', '--app-uuid', APP_UUID, ...extra]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`keygate issue: ${message}`)).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('refuses a public key as --key', async () => {
    const r = await cli.run(['issue', '--key', 'keys/public.pem', '--app-uuid', APP_UUID]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.startsWith('keygate issue: ')).toBe(true);
  });
});
