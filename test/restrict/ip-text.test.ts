import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKeygateError } from '../../src/index.js';
import { parseIp } from '../../src/restrict/index.js';
import { canonicalClientIp } from '../../src/restrict/ip-text.js';
import { expectKeygateError, thrownBy } from '../helpers/errors.js';

const validV4: [string, string][] = [
  ['0.0.0.0', '0.0.0.0'],
  ['255.255.255.255', '255.255.255.255'],
  ['192.168.1.2', '192.168.1.2'],
  ['10.0.0.1', '10.0.0.1'],
];

// Each refused form means a different address to some other parser (inet_aton, netmask, ip).
const invalidV4: [string, RegExp][] = [
  ['', /is empty/],
  ['010.0.0.1', /leading zero/], // octal 8.0.0.1 to inet_aton; netmask CVE-2021-28918 read it as 10.0.0.1
  ['0127.0.0.1', /leading zero/], // netmask CVE-2021-28918: 127.0.0.1 to netmask, 87.0.0.1 to the OS
  ['012.1.2.3', /leading zero/], // ip CVE-2024-29415
  ['00.0.0.0', /leading zero/],
  ['1.2.3.04', /leading zero/],
  ['0x7f.0.0.1', /hexadecimal/], // netmask CVE-2021-29418, ip CVE-2023-42282
  ['0x7f.1', /hexadecimal/], // ip CVE-2023-42282: isPublic('0x7f.1') was true
  ['0X7F.0.0.1', /hexadecimal/],
  ['127.1', /four decimal parts/], // ip CVE-2024-29415
  ['127.0.1', /four decimal parts/],
  ['2130706433', /above 255/],
  ['01200034567', /leading zero/], // ip CVE-2024-29415 (octal integer)
  ['0x7f000001', /hexadecimal/],
  ['1.2.3.4.5', /four decimal parts/],
  ['1..2.3', /empty part/],
  ['.1.2.3', /empty part/],
  ['1.2.3.', /empty part/],
  ['256.0.0.1', /above 255/],
  ['1.2.3.1000', /above 255/],
  [' 1.2.3.4', /not a digit/],
  ['1.2.3.4 ', /not a digit/],
  ['1.2 .3.4', /not a digit/],
  ['1.2.3.4\n', /not a digit/],
  ['+1.2.3.4', /not a digit/],
  ['1.2.3.-1', /not a digit/],
  ['١.٢.٣.٤', /not a digit/],
  ['1.2.3.4%eth0', /zone id/],
  ['1.2.3.4/32', /not a digit/],
];

const validV6: [string, string][] = [
  ['::', '::'],
  ['::1', '::1'],
  ['1::', '1::'],
  ['2001:DB8:0::1', '2001:db8::1'],
  ['2001:db8::1', '2001:db8::1'],
  ['0000:0000:0000:0000:0000:0000:0000:0001', '::1'],
  ['000:0:0000::01', '::1'], // ip CVE-2024-29415: a loopback spelling
  ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
  ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'], // "::" may stand for a single group (RFC 4291)
  ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
  ['1:0:0:2::3', '1:0:0:2::3'],
  ['1:0:0:2:0:0:3:4', '1::2:0:0:3:4'], // RFC 5952: the first of equal runs
  ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
  ['::fFFf:127.0.0.1', '::ffff:127.0.0.1'], // ip CVE-2024-29415
  ['::ffff:7f00:1', '::ffff:127.0.0.1'],
  ['64:ff9b::1.2.3.4', '64:ff9b::102:304'],
  ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
  ['::1.2.3.4', '::102:304'],
  ['ABCD:EF01::', 'abcd:ef01::'],
  ['2002:eb8::2', '2002:eb8::2'],
  ['fe80::1', 'fe80::1'],
];

const invalidV6: [string, RegExp][] = [
  [':', /misplaced colon/],
  [':::', /misplaced colon/],
  ['1:::2', /misplaced colon/],
  [':1::', /misplaced colon/],
  ['1::2:', /misplaced colon/],
  ['1:2:3:4:5:6:7:', /misplaced colon/],
  ['1::2::3', /more than once/],
  ['1:2:3:4:5:6:7:8:9', /eight IPv6 groups/],
  ['1:2:3:4:5:6:7', /eight IPv6 groups/],
  ['1:2:3:4:5:6:7:8::', /eight IPv6 groups/],
  ['1:2:3:4:5:6::1.2.3.4', /eight IPv6 groups/],
  ['1:2:3:4:5:6:7:1.2.3.4', /eight IPv6 groups/],
  ['12345::', /longer than four/],
  ['::00001', /longer than four/],
  ['::1.2.3', /IPv4 tail/],
  ['::1.2.3.4.5', /IPv4 tail/],
  ['::256.1.1.1', /IPv4 tail/],
  ['::ffff:01.2.3.4', /IPv4 tail/],
  ['::ffff:0x7f.0.0.1', /not a hex digit/],
  ['1.2.3.4::', /IPv4 tail/],
  ['g::1', /not a hex digit/],
  ['::1 ', /not a hex digit/],
  [' ::1', /not a hex digit/],
  ['[::1]', /not a hex digit/],
  ['::-1', /not a hex digit/],
  ['fe80::1%eth0', /zone id/],
  ['fe80::1%', /zone id/],
  ['2001:db8::/32', /not a hex digit/],
];

const refusal = (text: string): unknown => thrownBy(() => parseIp(text));

describe('parseIp', () => {
  it.each([...validV4, ...validV6])('accepts %j as %j', (text, canonical) => {
    const parsed = parseIp(text);
    expect(parsed.address).toBe(canonical);
    expect(parsed.family).toBe(text.includes(':') ? 6 : 4);
    expect(parseIp(canonical).address).toBe(canonical);
  });

  it.each([...invalidV4, ...invalidV6])('refuses %j (%s)', (text, reason) => {
    const message = expectKeygateError(() => parseIp(text), 'ERR_INVALID_IP', reason);
    expect(message).toContain(JSON.stringify(text));
  });

  it('refuses non-strings and overlong input', () => {
    expect(() => parseIp(1 as unknown as string)).toThrow(/must be a string/);
    expect(() => parseIp('1'.repeat(101))).toThrow(/too long/);
  });

  it('never throws anything but a KeygateError', () => {
    const ipChars = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFx:.%/ -') });
    fc.assert(
      fc.property(fc.oneof(ipChars, fc.string({ unit: 'binary' })), (text) => {
        const err = refusal(text);
        expect(err === undefined || isKeygateError(err)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with node:net isIP on what is an address (zone ids aside)', () => {
    const ipChars = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.'), maxLength: 45 });
    fc.assert(
      fc.property(ipChars, (text) => {
        expect(refusal(text) === undefined).toBe(isIP(text) !== 0);
      }),
      { numRuns: 20000 },
    );
  });

  it('round-trips random addresses and agrees with the WHATWG serialiser', () => {
    const group = fc.integer({ min: 0, max: 0xffff });
    const groups = fc.array(fc.oneof(group, fc.constant(0)), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(groups, fc.boolean(), (parts, upper) => {
        let full = parts.map((g) => g.toString(16)).join(':');
        if (upper) full = full.toUpperCase();
        const { address } = parseIp(full);
        expect(parseIp(address).address).toBe(address);
        // RFC 5952 writes IPv4-mapped addresses with a dotted tail; WHATWG does not.
        if (!address.includes('.')) {
          expect(address).toBe(new URL(`http://[${full}]/`).hostname.slice(1, -1));
        }
      }),
    );
  });
});

describe('canonicalClientIp', () => {
  const ipChars = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.%x'), maxLength: 45 });

  it('gives the same canonical text as parseIp, read from inside a longer text too', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 5 }), ipChars, fc.string({ maxLength: 5 }), (before, text, after) => {
        const alone = canonicalClientIp(text);
        // Zone ids are dropped for clients and refused by parseIp, so only zone-free texts compare.
        if (!text.includes('%')) expect(alone).toBe(refusal(text) === undefined ? parseIp(text).address : undefined);
        expect(canonicalClientIp(before + text + after, before.length, before.length + text.length)).toBe(alone);
      }),
      { numRuns: 20000 },
    );
  });

  it('hands back IPv4 text as it came, since the strict grammar admits one spelling per address', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(canonicalClientIp(ip)).toBe(ip);
        expect(canonicalClientIp(`[${ip}]:8080`, 1, ip.length + 1)).toBe(ip);
      }),
    );
    expect(canonicalClientIp('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(canonicalClientIp('010.1.2.3')).toBeUndefined();
  });
});
