import { BlockList } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileIpAllowList, ipMatches } from '../../src/restrict/index.js';
import { expectKeygateError } from '../helpers/errors.js';
import { ipAllowListForClaim } from '../../src/restrict/allow-list.js';

describe('ipMatches', () => {
  const list = ['192.168.1.2', '152.12.0.0/13', '2002:eb8::2', '1001:ab8::/14'];

  it.each([
    ['192.168.1.2', true],
    ['192.168.1.3', false],
    ['152.8.0.0', true], // 152.12.0.0/13 is 152.8.0.0 – 152.15.255.255
    ['152.15.255.255', true],
    ['152.16.0.0', false],
    ['152.7.255.255', false],
    ['2002:EB8:0::2', true], // numeric comparison, not string
    ['2002:eb8::3', false],
    ['1000::1', true],
    ['1003:ffff::', true],
    ['1004::', false],
    ['::ffff:192.168.1.2', true], // dual-stack socket form
    ['::ffff:c0a8:102', true],
    ['::ffff:c0a8:103', false],
    ['2002:eb8::2%eth0', true], // a client's zone is dropped
    ['192.168.1.2%eth0', false],
    ['0300.0250.1.2', false], // octal spelling of 192.168.1.2 is not an address here
    ['192.168.1.2 ', false],
    ['', false],
    ['not an ip', false],
  ])('%j -> %s', (ip, expected) => {
    expect(ipMatches(ip, list)).toBe(expected);
  });

  it('treats IPv4-mapped entries and IPv4 clients as the same addresses', () => {
    expect(ipMatches('10.1.2.3', ['::ffff:10.0.0.0/104'])).toBe(true);
    expect(ipMatches('10.1.2.3', ['::/0'])).toBe(true);
    expect(ipMatches('11.1.2.3', ['::ffff:10.0.0.0/104'])).toBe(false);
    expect(ipMatches('::1', ['0.0.0.0/0'])).toBe(false);
    expect(ipMatches('::ffff:7f00:1', ['127.0.0.1'])).toBe(true); // ip CVE-2024-29415 spelling
    expect(ipMatches('000:0:0000::01', ['::1'])).toBe(true);
    expect(ipMatches('0x7f.1', ['127.0.0.0/8'])).toBe(false); // ip CVE-2023-42282
  });

  it('matches nothing with an empty list and never throws on odd client values', () => {
    expect(ipMatches('1.2.3.4', [])).toBe(false);
    const allowList = compileIpAllowList(list);
    for (const odd of [undefined, null, 17, {}, '1'.repeat(10_000)]) {
      expect(allowList.matches(odd as unknown as string)).toBe(false);
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(typeof allowList.matches(text)).toBe('boolean');
        expect(typeof ipMatches(text, list)).toBe('boolean');
      }),
      { numRuns: 5000 },
    );
  });

  it('names the bad entry when compiling', () => {
    const message = expectKeygateError(() => compileIpAllowList(['10.0.0.0/8', '1.2.3.4/33']), 'ERR_INVALID_CIDR');
    expect(message).toBe('IP allow-list entry 1: CIDR range "1.2.3.4/33" has a prefix length above 32');
    expectKeygateError(() => compileIpAllowList(['fe80::1%eth0']), 'ERR_INVALID_IP', /zone id/);
    expect(() => ipMatches('1.2.3.4', ['010.0.0.1'])).toThrow(/leading zero/);
    expect(() => ipMatches('1.2.3.4', 'nope' as unknown as string[])).toThrow(/array/);
  });

  it('compiles a permittedIP claim once per value', () => {
    const first = ipAllowListForClaim('192.168.1.2, 152.12.0.0/13');
    expect(ipAllowListForClaim('192.168.1.2, 152.12.0.0/13')).toBe(first);
    expect(first.matches('152.9.1.1')).toBe(true);
    expect(() => ipAllowListForClaim('1.2.3.4,,5.6.7.8')).toThrow(/entry 1: IP address "" is empty/);
    expect(() => ipAllowListForClaim('')).toThrow(/is empty/);
  });
});

// Addresses near a few bases, so that random clients often fall inside random ranges.
const v4Bases = [0x0a000000, 0xc0a80102, 0x98080000, 0x7f000001, 0, 0xffffffff];
const v6Bases = [
  [0x20010db8, 0, 0, 1],
  [0x10000ab8, 0, 0, 0],
  [0, 0, 0xffff, 0x0a000001], // IPv4-mapped
  [0, 0, 0, 1],
  [0xfe800000, 0, 0, 0],
  [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
];

const hostBits = (max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max });
const v4Address = fc
  .tuple(fc.constantFrom(...v4Bases), hostBits(32), fc.integer({ min: 0, max: 0xffffffff }))
  .map(([base, bits, noise]) => (base ^ (bits === 0 ? 0 : noise >>> (32 - bits))) >>> 0)
  .map((v) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.'));
const v6Address = fc
  .tuple(fc.constantFrom(...v6Bases), fc.integer({ min: 0, max: 3 }), hostBits(32), fc.integer({ min: 0, max: 0xffffffff }))
  .map(([base, word, bits, noise]) =>
    base.map((w, i) => (i === word ? (w ^ (bits === 0 ? 0 : noise >>> (32 - bits))) >>> 0 : w)),
  )
  .map((words) => words.flatMap((w) => [(w >>> 16).toString(16), (w & 0xffff).toString(16)]).join(':'));

const entry = fc.oneof(
  fc.tuple(v4Address, fc.option(fc.integer({ min: 0, max: 32 }))).map(([a, p]) => ({ address: a, prefix: p, family: 'ipv4' as const })),
  fc.tuple(v6Address, fc.option(fc.integer({ min: 0, max: 128 }))).map(([a, p]) => ({ address: a, prefix: p, family: 'ipv6' as const })),
);

describe('ipMatches against node:net BlockList', () => {
  it('agrees on random addresses and ranges of both families', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), fc.array(fc.oneof(v4Address, v6Address), { minLength: 1, maxLength: 10 }), (entries, clients) => {
        const blockList = new BlockList();
        for (const e of entries) {
          if (e.prefix === null) blockList.addAddress(e.address, e.family);
          else blockList.addSubnet(e.address, e.prefix, e.family);
        }
        const texts = entries.map((e) => (e.prefix === null ? e.address : `${e.address}/${e.prefix}`));
        const allowList = compileIpAllowList(texts);
        for (const client of clients) {
          const expected = blockList.check(client, client.includes(':') ? 'ipv6' : 'ipv4');
          expect(allowList.matches(client), `${client} in ${texts.join(',')}`).toBe(expected);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
