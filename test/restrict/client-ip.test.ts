import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileIpAllowList } from '../../src/restrict/index.js';
import { resolveClientIp } from '../../src/gateway/index.js';
import { expectKeygateError } from '../helpers/errors.js';
import { forwardedHops, readHop } from '../../src/restrict/forwarded.js';

const trustedProxies = ['10.0.0.0/8', '2001:db8:ffff::/48'];

describe('resolveClientIp', () => {
  it.each([
    // [peer, x-forwarded-for, expected]
    ['203.0.113.7', undefined, '203.0.113.7'],
    ['203.0.113.7', '10.1.1.1', '203.0.113.7'], // untrusted peer: header ignored
    ['10.0.0.5', undefined, '10.0.0.5'], // the proxy's own call
    ['10.0.0.5', '198.51.100.1', '198.51.100.1'],
    ['10.0.0.5', '198.51.100.1, 203.0.113.7', '203.0.113.7'], // right-most untrusted, not the first
    ['10.0.0.5', '198.51.100.1, 203.0.113.7, 10.0.0.9, 10.2.3.4', '203.0.113.7'],
    ['10.0.0.5', '10.0.0.8, 10.0.0.9', '10.0.0.8'], // all trusted: the left-most
    ['10.0.0.5', '', '10.0.0.5'],
    ['10.0.0.5', ' , ', '10.0.0.5'],
    ['10.0.0.5', 'garbage, 203.0.113.7', '203.0.113.7'], // left of the client is never read
    ['10.0.0.5', '203.0.113.7, garbage', undefined], // unreadable hop: unknown client
    ['10.0.0.5', 'unknown', undefined],
    ['10.0.0.5', '203.0.113.7:51234', '203.0.113.7'],
    ['10.0.0.5', '[2001:db8::7]:443', '2001:db8::7'],
    ['10.0.0.5', '2001:DB8::7', '2001:db8::7'],
    ['10.0.0.5', '::ffff:203.0.113.7', '203.0.113.7'],
    ['10.0.0.5', '2001:db8::7, 2001:db8:ffff::1', '2001:db8::7'],
    ['10.0.0.5', '010.0.0.1', undefined], // strict grammar applies to hops too
    ['10.0.0.5', '203.0.113.7:99999', undefined],
    ['10.0.0.5', `${'1.1.1.1,'.repeat(1100)}1.1.1.1`, undefined], // beyond the length bound
    ['::ffff:10.0.0.5', '198.51.100.1', '198.51.100.1'], // dual-stack peer
    ['fe80::1%eth0', '198.51.100.1', 'fe80::1'], // zone dropped
    ['2001:db8:ffff::3', '198.51.100.1', '198.51.100.1'],
    ['not-an-ip', '198.51.100.1', undefined],
    [undefined, '198.51.100.1', undefined], // no peer: nothing can be trusted
  ])('peer %j, X-Forwarded-For %j -> %j', (peerIp, xff, expected) => {
    const headers: Record<string, string> = xff === undefined ? {} : { 'X-Forwarded-For': xff };
    expect(resolveClientIp({ peerIp, headers, trustedProxies })).toBe(expected);
    expect(resolveClientIp({ peerIp, headers: new Headers(headers), trustedProxies: compileIpAllowList(trustedProxies) })).toBe(expected);
  });

  it('ignores forwarding headers without trusted proxies', () => {
    const headers = { 'x-forwarded-for': '1.2.3.4', forwarded: 'for=1.2.3.4' };
    expect(resolveClientIp({ peerIp: '10.0.0.5', headers })).toBe('10.0.0.5');
    expect(resolveClientIp({ peerIp: '10.0.0.5', headers, trustedProxies: [] })).toBe('10.0.0.5');
  });

  it('reads only the configured header', () => {
    const headers = { 'x-forwarded-for': '1.2.3.4', forwarded: 'for=5.6.7.8' };
    expect(resolveClientIp({ peerIp: '10.0.0.5', headers, trustedProxies })).toBe('1.2.3.4');
    expect(resolveClientIp({ peerIp: '10.0.0.5', headers, trustedProxies, forwardingHeader: 'forwarded' })).toBe('5.6.7.8');
  });

  it.each([
    ['for=192.0.2.60;proto=http;by=203.0.113.43', '192.0.2.60'],
    ['For="[2001:db8:cafe::17]:4711"', '2001:db8:cafe::17'],
    ['for=192.0.2.43, for=198.51.100.17', '198.51.100.17'],
    ['for=192.0.2.43, for=10.0.0.7;proto=https', '192.0.2.43'],
    ['for=192.0.2.43,for="10.0.0.7"', '192.0.2.43'],
    ['for="192.0.2.43:80"', '192.0.2.43'],
    ['for="\\1\\9\\2.0.2.43"', '192.0.2.43'], // quoted-pair
    ['proto=https;for=192.0.2.43 ; by=x', '192.0.2.43'],
    ['for=unknown', undefined],
    ['for=_hidden', undefined],
    ['proto=https', undefined], // an element without for=
    ['for=192.0.2.43;for=198.51.100.1', undefined], // for twice in one element
    ['for="192.0.2.43', undefined], // unterminated quote
    ['for=192.0.2.43 junk', undefined],
    ['=192.0.2.43', undefined],
    ['for=[2001:db8::1]', undefined], // brackets are not token characters: must be quoted
  ])('Forwarded %j -> %j', (forwarded, expected) => {
    expect(resolveClientIp({ peerIp: '10.0.0.5', headers: { forwarded }, trustedProxies, forwardingHeader: 'forwarded' })).toBe(expected);
  });

  it('refuses bad options when compiling, naming the entry', () => {
    expect(() => resolveClientIp({ peerIp: '1.2.3.4', trustedProxies: ['10.0.0.0/33'] })).toThrow(
      'trustedProxies: IP allow-list entry 0: CIDR range "10.0.0.0/33" has a prefix length above 32',
    );
    const badHeader = { peerIp: '1.2.3.4', trustedProxies: ['10.0.0.0/8'], forwardingHeader: 'x-real-ip' as 'forwarded' };
    expectKeygateError(() => resolveClientIp(badHeader), 'ERR_INVALID_OPTION', /forwardingHeader/);
    expect(() => resolveClientIp({ peerIp: '1.2.3.4', trustedProxies: 'x' as unknown as string[] })).toThrow(/trustedProxies/);
  });

  it('never throws on arbitrary header values, and the client is never a trusted proxy unless all hops are', () => {
    const hop = fc.oneof(
      fc.constantFrom('10.0.0.9', '203.0.113.7', '[2001:db8::1]:80', 'unknown', '2001:db8:ffff::2'),
      fc.string({ unit: fc.constantFrom(...'0123456789.:[]abf ') }),
    );
    const trusted = compileIpAllowList(trustedProxies);
    fc.assert(
      fc.property(fc.array(hop, { maxLength: 6 }), fc.string(), (hops, forwarded) => {
        const xff = hops.join(', ');
        const client = resolveClientIp({ peerIp: '10.0.0.5', headers: { 'x-forwarded-for': xff, forwarded }, trustedProxies: trusted });
        if (client !== undefined && trusted.matches(client)) {
          expect(hops.every((h) => h.trim() === '' || (readHop(h.trim()) !== undefined && trusted.matches(readHop(h.trim())!)))).toBe(true);
        }
        expect(() => forwardedHops(forwarded)).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });
});
