import { describe, expect, it } from 'vitest';
import { createValidator, type ValidationResult } from '../../src/index.js';
import { expectKeygateError } from '../helpers/errors.js';
import { MENU_URL, PIZZA, pizzaGateway, sharedKeyPair, signPizzaKey } from '../helpers/fixtures.js';
import { createClientIpResolver } from '../../src/gateway/index.js';
import { createRestrictions } from '../../src/restrict/index.js';

type Gateway = Awaited<ReturnType<typeof pizzaGateway>>;

/** The PizzaShack gateway with the restrictions plugin (keygate/restrict). */
const restricted = (overrides: Parameters<typeof pizzaGateway>[0] = {}) => pizzaGateway({ restrictions: createRestrictions(), ...overrides });

async function call(gw: Gateway, key: string, headers: Record<string, string> = {}, clientIp?: string): Promise<ValidationResult> {
  return gw.validator.validate({ url: MENU_URL, headers: { apikey: key, ...headers } }, clientIp === undefined ? {} : { clientIp });
}

function refusedWith(result: ValidationResult, reason: 'ip_restricted' | 'referrer_restricted', key: string): string {
  expect(result.ok).toBe(false);
  if (result.ok) return '';
  expect([result.status, result.code, result.reason, result.message]).toEqual([403, 900908, reason, 'Resource forbidden']);
  expect(result.description).not.toContain(key);
  expect(result.description).not.toContain(key.split('.')[2]);
  return result.description;
}

describe('validate: IP restrictions', () => {
  it('accepts clients inside the list (both families, CIDR host bits masked, mapped IPv4) and reports the client', async () => {
    const gw = await restricted();
    const key = await gw.issue({ permittedIPs: ['192.168.1.2', '152.12.0.0/13', '2002:eb8::2', '1001:ab8::/14'] });
    for (const [ip, reported] of [
      ['192.168.1.2', '192.168.1.2'],
      ['::ffff:192.168.1.2', '192.168.1.2'],
      ['152.15.0.9', '152.15.0.9'],
      ['2002:EB8:0::2', '2002:eb8::2'],
      ['1003::1', '1003::1'],
    ]) {
      const r = await call(gw, key, {}, ip);
      expect(r.ok, ip).toBe(true);
      if (r.ok) expect(r.clientIp).toBe(reported);
    }
  });

  it('refuses clients outside the list, unknown and invalid client addresses, naming the restriction', async () => {
    const gw = await restricted();
    const key = await gw.issue({ permittedIPs: ['10.0.0.0/8'] });
    expect(refusedWith(await call(gw, key, {}, '11.0.0.1'), 'ip_restricted', key)).toBe(
      "Access forbidden for the invocations: the key's IP restriction does not allow calls from 11.0.0.1",
    );
    expect(refusedWith(await call(gw, key), 'ip_restricted', key)).toMatch(/client address is unknown/);
    expect(refusedWith(await call(gw, key, {}, '010.0.0.1'), 'ip_restricted', key)).toMatch(/client address is unknown/);
  });

  it('ignores X-Forwarded-For without trusted proxies (a client cannot forge its way in)', async () => {
    const gw = await restricted();
    const key = await gw.issue({ permittedIPs: ['10.0.0.0/8'] });
    refusedWith(await call(gw, key, { 'x-forwarded-for': '10.1.2.3' }, '203.0.113.7'), 'ip_restricted', key);
  });

  it('walks X-Forwarded-For from the right behind trusted proxies', async () => {
    const gw = await restricted({ clientIp: createClientIpResolver({ trustedProxies: ['172.16.0.0/12'] }) });
    const key = await gw.issue({ permittedIPs: ['198.51.100.0/24'] });
    const ok = await call(gw, key, { 'x-forwarded-for': '10.9.9.9, 198.51.100.7, 172.16.0.3' }, '172.16.0.2');
    expect(ok.ok && ok.clientIp).toBe('198.51.100.7');
    // The client put 198.51.100.7 in front; the proxy appended the real address.
    refusedWith(await call(gw, key, { 'x-forwarded-for': '198.51.100.7, 203.0.113.9' }, '172.16.0.2'), 'ip_restricted', key);
    refusedWith(await call(gw, key, { 'x-forwarded-for': '198.51.100.7' }, '203.0.113.1'), 'ip_restricted', key);
  });

  it('reads RFC 7239 Forwarded when told to', async () => {
    const gw = await restricted({ clientIp: createClientIpResolver({ trustedProxies: ['10.0.0.1'], forwardingHeader: 'forwarded' }) });
    const key = await gw.issue({ permittedIPs: ['2001:db8:cafe::/48'] });
    const ok = await call(gw, key, { forwarded: 'for="[2001:db8:cafe::17]:4711";proto=https' }, '10.0.0.1');
    expect(ok.ok && ok.clientIp).toBe('2001:db8:cafe::17');
    refusedWith(await call(gw, key, { 'x-forwarded-for': '2001:db8:cafe::17' }, '10.0.0.1'), 'ip_restricted', key);
  });

  it('refuses a bad trustedProxies entry when the resolver is made, and the options of earlier versions', async () => {
    const message = expectKeygateError(() => createClientIpResolver({ trustedProxies: ['10.0.0.0/8', '10.0.0.1/33'] }), 'ERR_INVALID_CIDR');
    expect(message).toBe('trustedProxies: IP allow-list entry 1: CIDR range "10.0.0.1/33" has a prefix length above 32');
    expectKeygateError(() => createClientIpResolver({ forwardingHeader: 'x-real-ip' as 'forwarded' }), 'ERR_INVALID_OPTION');
    const { publicKey } = await sharedKeyPair();
    const options = { keys: [publicKey], subscriptions: { find: async () => undefined }, apis: [PIZZA] };
    expect(expectKeygateError(() => createValidator({ ...options, trustedProxies: ['10.0.0.0/8'] } as never), 'ERR_INVALID_OPTION')).toBe(
      'createValidator: unknown option "trustedProxies" (moved to keygate/gateway: pass clientIp: createClientIpResolver({ trustedProxies }))',
    );
    expectKeygateError(() => createValidator({ ...options, forwardingHeader: 'forwarded' } as never), 'ERR_INVALID_OPTION');
    expectKeygateError(() => createValidator({ ...options, clientIp: '10.0.0.1' as never }), 'ERR_INVALID_OPTION');
  });

  it('takes the peer address as the client by default (canonical), whatever the forwarding headers say', async () => {
    const gw = await restricted();
    const key = await gw.issue({ permittedIPs: ['192.0.2.0/24'] });
    const ok = await call(gw, key, { 'x-forwarded-for': '203.0.113.9' }, '::ffff:192.0.2.5');
    expect(ok.ok && ok.clientIp).toBe('192.0.2.5');
    refusedWith(await call(gw, key, { 'x-forwarded-for': '192.0.2.5' }, '203.0.113.9'), 'ip_restricted', key);
  });
});

describe('validate: referrer restrictions', () => {
  it('accepts a matching Referer and refuses others, a missing one and an empty one', async () => {
    const gw = await restricted();
    const key = await gw.issue({ permittedReferrers: ['www.example.com/path', '*.example.com/*'] });
    expect((await call(gw, key, { referer: 'https://www.example.com/path' })).ok).toBe(true);
    expect((await call(gw, key, { Referer: 'https://shop.example.com/cart?x=1' })).ok).toBe(true);
    expect(refusedWith(await call(gw, key, { referer: 'https://example.com.evil.com/' }), 'referrer_restricted', key)).toBe(
      "Access forbidden for the invocations: the Referer header does not match the key's referrer restriction",
    );
    expect(refusedWith(await call(gw, key), 'referrer_restricted', key)).toMatch(/no Referer header/);
    expect(refusedWith(await call(gw, key, { referer: '' }), 'referrer_restricted', key)).toMatch(/no Referer header/);
  });
});

describe('validate: every restriction a key carries is enforced', () => {
  it('checks the referrer even when the IP matched (WSO2 does not)', async () => {
    const gw = await restricted();
    const key = await gw.issue({ permittedIPs: ['10.0.0.0/8'], permittedReferrers: ['app.example.com'] });
    expect((await call(gw, key, { referer: 'https://app.example.com/' }, '10.1.1.1')).ok).toBe(true);
    refusedWith(await call(gw, key, { referer: 'https://evil.example.org/' }, '10.1.1.1'), 'referrer_restricted', key);
    refusedWith(await call(gw, key, { referer: 'https://app.example.com/' }, '11.1.1.1'), 'ip_restricted', key);
  });

  it('refuses keys whose restriction claims cannot be read (signed by another issuer)', async () => {
    const gw = await restricted();
    for (const [claims, reason] of [
      [{ permittedIP: '010.0.0.1' }, 'ip_restricted'],
      [{ permittedIP: '' }, 'ip_restricted'],
      [{ permittedReferer: 'example.*' }, 'referrer_restricted'],
    ] as const) {
      const key = await signPizzaKey(claims);
      const description = refusedWith(await call(gw, key, { referer: 'https://example.com/' }, '10.0.0.1'), reason, key);
      expect(description).toMatch(/cannot be read/);
    }
  });

  it('accepts WSO2-style claims with spaces after the commas', async () => {
    const gw = await restricted();
    const key = await signPizzaKey({ permittedIP: '192.168.1.2, 152.12.0.0/13', permittedReferer: 'www.example.com/path, *.example.com/*' });
    expect((await call(gw, key, { referer: 'https://a.example.com/' }, '152.12.1.1')).ok).toBe(true);
  });
});

describe('issueKey: restriction entries are checked before signing', () => {
  it.each([
    [{ permittedIPs: ['10.0.0.1', '010.0.0.1'] }, 'ERR_INVALID_IP', 'permittedIPs[1] is invalid: IP address "010.0.0.1" has a part with a leading zero'],
    [{ permittedIPs: ['10.0.0.0/33'] }, 'ERR_INVALID_CIDR', 'permittedIPs[0] is invalid: CIDR range "10.0.0.0/33" has a prefix length above 32'],
    [{ permittedIPs: ['fe80::1%eth0'] }, 'ERR_INVALID_IP', 'permittedIPs[0] is invalid: IP address "fe80::1%eth0" carries a zone id'],
    [{ permittedReferrers: ['example.com', '*example.com'] }, 'ERR_INVALID_REFERRER_PATTERN', 'permittedReferrers[1] is invalid: referrer pattern "*example.com"'],
  ] as const)('%j', async (options, code, message) => {
    const gw = await pizzaGateway();
    await expect(gw.issue(options)).rejects.toMatchObject({ code, message: expect.stringContaining(message) });
  });
});
