import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRestrictions } from '../../src/restrict/index.js';
import { peerAddress } from '../../src/validate/peer-ip.js';
import { pizzaGateway } from '../helpers/fixtures.js';

describe('the default client address (the peer, without the restrictions plugin)', () => {
  it('takes socket addresses as reported, IPv4-mapped IPv6 as IPv4, lower-case', () => {
    expect(peerAddress('10.0.0.1')).toBe('10.0.0.1');
    expect(peerAddress('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(peerAddress('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(peerAddress('2001:DB8::1')).toBe('2001:db8::1');
  });

  it('answers undefined for what is not made of address characters (no text reaches a description)', () => {
    for (const text of ['', 'localhost', '10.0.0.1\r\nx', '<script>', 'fe80::1%eth0', 'a'.repeat(46)]) expect(peerAddress(text), text).toBeUndefined();
    fc.assert(
      fc.property(fc.string(), (text) => {
        const read = peerAddress(text);
        if (read !== undefined) expect(read).toMatch(/^[\da-f:.]+$/);
      }),
    );
  });

  it('with the restrictions plugin the result carries the canonical form', async () => {
    const plain = await pizzaGateway();
    const strict = await pizzaGateway({ restrictions: createRestrictions() });
    const call = async (gw: typeof plain) =>
      gw.validator.validate({ url: '/pizzashack/1.0.0/menu', headers: { apikey: await gw.issue() } }, { clientIp: '2002:eb8:0::2' });
    const a = await call(plain);
    const b = await call(strict);
    expect([a.ok && a.clientIp, b.ok && b.clientIp]).toEqual(['2002:eb8:0::2', '2002:eb8::2']);
  });
});
