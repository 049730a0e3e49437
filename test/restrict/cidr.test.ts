import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../src/restrict/index.js';
import { expectKeygateError } from '../helpers/errors.js';

const valid: [string, string, number][] = [
  ['152.12.0.0/13', '152.8.0.0', 13], // the WSO2 example: host bits are masked, not refused
  ['1001:ab8::/14', '1000::', 14],
  ['0.0.0.0/0', '0.0.0.0', 0],
  ['255.255.255.255/0', '0.0.0.0', 0],
  ['::/0', '::', 0],
  ['10.1.2.3/32', '10.1.2.3', 32],
  ['192.168.1.2/24', '192.168.1.0', 24],
  ['::1/128', '::1', 128],
  ['2001:DB8::FFFF/120', '2001:db8::ff00', 120],
  ['::ffff:10.1.2.3/104', '::ffff:10.0.0.0', 104],
];

const invalid: [string, RegExp][] = [
  ['1.2.3.4', /no "\/prefix"/],
  ['1.2.3.4/33', /above 32/],
  ['::/129', /above 128/],
  ['1.2.3.4/-1', /not plain decimal/],
  ['1.2.3.4/+8', /not plain decimal/],
  ['1.2.3.4/08', /leading zero/],
  ['1.2.3.4/00', /leading zero/],
  ['1.2.3.4/', /empty prefix/],
  ['/8', /no address/],
  ['1.2.3.4/8/8', /not plain decimal/],
  ['1.2.3.4/ 8', /not plain decimal/],
  ['1.2.3.4 /8', /not a digit/],
  ['1.2.3.4/8 ', /not plain decimal/],
  ['1.2.3.4/8.0', /not plain decimal/],
  ['1.2.3.4/255.0.0.0', /above 32/], // netmask form
  ['1.2.3.4/0x8', /not plain decimal/],
  ['010.0.0.0/8', /leading zero/], // netmask CVE-2021-28918
  ['0x7f.0.0.0/8', /hexadecimal/], // netmask CVE-2021-29418
  ['127.1/16', /four decimal parts/],
  ['fe80::%eth0/64', /zone id/],
  ['1:2::3::/64', /more than once/],
];

describe('parseCidr', () => {
  it.each(valid)('accepts %j as %s/%i', (text, address, prefix) => {
    expect(parseCidr(text)).toEqual({ family: text.includes(':') ? 6 : 4, address, prefix });
  });

  it.each(invalid)('refuses %j (%s)', (text, reason) => {
    const message = expectKeygateError(() => parseCidr(text), 'ERR_INVALID_CIDR', reason);
    expect(message).toContain(JSON.stringify(text));
  });
});
