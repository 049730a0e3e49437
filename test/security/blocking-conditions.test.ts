/**
 * Blocking conditions on addresses hold whatever the spelling of the address (a peer address the
 * validator cannot read, a zone id's for one, is an unknown address), an inverted one fails closed
 * on an unknown address, an API condition holds with or without a trailing slash, and neither a blocked call's answer nor a throttled one tells the
 * client which condition matched or what the backend can take.
 */
import { describe, expect, it } from 'vitest';
import { withApiKey } from '../../src/fetch/index.js';
import { createBlockingConditions } from '../../src/gateway/index.js';
import { levelsGateway, outcome } from '../throttle/gateway.js';

const BLOCKED = [403, 900805, 'blocking_condition'];

describe('blocking conditions and throttling answers (security)', () => {
  it.each(['203.0.113.5', '::ffff:203.0.113.5', '::FFFF:CB00:7105', '0:0:0:0:0:ffff:cb00:7105'])(
    'a blocked IPv4 address is blocked spelled %s',
    async (spelling) => {
      const gw = await levelsGateway({ throttle: { blocking: createBlockingConditions([{ type: 'IP', value: '203.0.113.5' }]) } });
      expect(outcome(await gw.call('/order/1', { clientIp: spelling }))).toEqual(BLOCKED);
      expect(outcome(await gw.call('/menu', { clientIp: spelling }))).toEqual(BLOCKED);
    },
  );

  it.each(['2001:db8::1', '2001:DB8:0:0:0:0:0:1', '2001:0db8:0000::0001'])('a blocked IPv6 range is blocked spelled %s', async (spelling) => {
    const gw = await levelsGateway({ throttle: { blocking: createBlockingConditions([{ type: 'IPRANGE', value: '2001:db8::/32' }]) } });
    expect(outcome(await gw.call('/order/1', { clientIp: spelling }))).toEqual(BLOCKED);
  });

  it('an inverted condition blocks a call whose address is unknown or unreadable', async () => {
    const gw = await levelsGateway({ throttle: { blocking: createBlockingConditions([{ type: 'IPRANGE', value: '10.0.0.0/8', invert: true }]) } });
    expect(outcome(await gw.call('/order/1', { clientIp: '10.1.2.3' }))).toBe('ok');
    expect(outcome(await gw.call('/order/1', { clientIp: 'not-an-address' }))).toEqual(BLOCKED);
    const unknown = await gw.validator.validate({ url: 'https://gw.example.com/pizzashack/1.0.0/order/1', headers: { apikey: await gw.keyOf() } });
    expect(outcome(unknown)).toEqual(BLOCKED);
  });

  it.each(['/pizzashack/', '/pizzashack/1.0.0/', '/pizzashack', '/pizzashack/1.0.0'])('an API blocked as %s is blocked, trailing slash or not', async (value) => {
    const blocking = createBlockingConditions([{ type: 'API', value }]);
    const gw = await levelsGateway({ throttle: { blocking } });
    expect(outcome(await gw.call('/order/1'))).toEqual(BLOCKED);
    expect(outcome(await gw.call('/menu'))).toEqual(BLOCKED);
  });

  it('an API stays blocked while another spelling of its condition remains', async () => {
    const blocking = createBlockingConditions([{ type: 'API', value: '/pizzashack' }, { type: 'API', value: '/pizzashack/' }]);
    const gw = await levelsGateway({ throttle: { blocking } });
    expect(blocking.remove({ type: 'API', value: '/pizzashack/' })).toBe(true);
    expect(outcome(await gw.call('/order/1'))).toEqual(BLOCKED);
    blocking.add({ type: 'API', value: '/pizzashack/' });
    expect(blocking.remove({ type: 'API', value: '/pizzashack' })).toBe(true);
    expect(outcome(await gw.call('/order/1'))).toEqual(BLOCKED);
    expect(blocking.remove({ type: 'API', value: '/pizzashack/' })).toBe(true);
    expect(outcome(await gw.call('/order/1'))).toBe('ok');
  });

  it("a blocked answer names no condition, a hard-limit answer carries no capacity, neither in body nor headers", async () => {
    const blocking = createBlockingConditions([{ type: 'USER', value: 'mallory' }]);
    const gw = await levelsGateway({ api: { maxTps: { production: 1 } }, throttle: { blocking } });
    const handler = withApiKey(gw.validator, () => new Response('ok'), { clientIp: () => '203.0.113.5' });
    const blocked = await handler(new Request('https://gw.example.com/pizzashack/1.0.0/order/1', { headers: { apikey: await gw.keyOf('mallory') } }));
    expect(blocked.status).toBe(403);
    const body = await blocked.text();
    expect(body).not.toMatch(/mallory|USER/);
    expect([...blocked.headers.keys()].filter((h) => h.includes('ratelimit') || h === 'retry-after')).toEqual([]);

    const request = async () => handler(new Request('https://gw.example.com/pizzashack/1.0.0/order/1', { headers: { apikey: await gw.keyOf('ana') } }));
    const first = await request();
    expect(first.headers.get('ratelimit')).toBeNull(); // the hard limit is the only level: not told
    const hard = await request();
    expect(hard.status).toBe(503);
    expect(hard.headers.get('retry-after')).toBe('1');
    expect([...hard.headers.keys()].filter((h) => h.includes('ratelimit'))).toEqual([]);
    expect(await hard.text()).not.toMatch(/maxTps|\b1 requests/);
  });
});
