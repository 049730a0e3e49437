import { describe, expect, it } from 'vitest';
import { createBlockingConditions, type BlockingCondition, type BlockingConditions } from '../../src/gateway/index.js';
import { APP_UUID } from '../helpers/fixtures.js';
import { levelsGateway, outcome } from './gateway.js';

const BLOCKED = [403, 900805, 'blocking_condition'];

async function blockingGateway(blocking: BlockingConditions, subscriptionTier = 'Gold') {
  return levelsGateway({ subscriptionTier, throttle: { blocking } });
}

describe('blocking conditions', () => {
  it.each([
    ['API context', { type: 'API', value: '/pizzashack' }],
    ['versioned API context', { type: 'API', value: '/pizzashack/1.0.0' }],
    ['application uuid', { type: 'APPLICATION', value: APP_UUID }],
    ["application as WSO2 names it (owner:name)", { type: 'APPLICATION', value: 'kanchana:DefaultApplication' }],
    ['user', { type: 'USER', value: 'ana' }],
    ['client address', { type: 'IP', value: '203.0.113.5' }],
    ['address range', { type: 'IPRANGE', value: '203.0.113.0/24' }],
    ['every address but a range (invert)', { type: 'IPRANGE', value: '198.51.100.0/24', invert: true }],
  ] as Array<[string, BlockingCondition]>)('by %s: 403 900805, WSO2 message, the condition as cause', async (_name, condition) => {
    const blocking = createBlockingConditions([condition]);
    const gw = await blockingGateway(blocking);
    const r = await gw.call();
    expect(outcome(r)).toEqual(BLOCKED);
    expect(!r.ok && [r.message, r.description]).toEqual(['Message blocked', 'You have been blocked from accessing the resource']);
    expect(!r.ok && r.cause).toEqual(condition);
    expect(JSON.stringify(r)).not.toContain(condition.value);
  });

  it('leaves other callers alone', async () => {
    const blocking = createBlockingConditions([
      { type: 'USER', value: 'mallory' },
      { type: 'IP', value: '192.0.2.66' },
      { type: 'API', value: '/other' },
      { type: 'APPLICATION', value: 'some-other-app' },
      { type: 'IPRANGE', value: '10.0.0.0/8' },
    ]);
    const gw = await blockingGateway(blocking);
    expect(outcome(await gw.call())).toBe('ok');
    expect(outcome(await gw.call('/order/1', { user: 'mallory' }))).toEqual(BLOCKED);
    expect(outcome(await gw.call('/order/1', { clientIp: '10.20.30.40' }))).toEqual(BLOCKED);
    expect(outcome(await gw.call('/order/1', { clientIp: '192.0.2.66' }))).toEqual(BLOCKED);
  });

  it('are changed at run time: added and removed, effective on the next call', async () => {
    const blocking = createBlockingConditions();
    const gw = await blockingGateway(blocking);
    expect(outcome(await gw.call())).toBe('ok');
    expect(blocking.add({ type: 'USER', value: 'ana' })).toBe(true);
    expect(blocking.add({ type: 'USER', value: 'ana' })).toBe(false);
    expect(outcome(await gw.call())).toEqual(BLOCKED);
    expect(outcome(await gw.call('/order/1', { user: 'bob' }))).toBe('ok');
    blocking.add({ type: 'IPRANGE', value: '203.0.113.0/28' });
    expect(outcome(await gw.call('/order/1', { user: 'bob' }))).toEqual(BLOCKED);
    expect(blocking.remove({ type: 'IPRANGE', value: '203.0.113.0/28' })).toBe(true);
    expect(blocking.remove({ type: 'USER', value: 'ana' })).toBe(true);
    expect(blocking.remove({ type: 'USER', value: 'ana' })).toBe(false);
    expect(outcome(await gw.call())).toBe('ok');
    expect(blocking.list()).toEqual([]);
  });

  it('block calls that need no key by API and address, before they are counted', async () => {
    const blocking = createBlockingConditions([{ type: 'IP', value: '198.51.100.9' }]);
    const gw = await levelsGateway({ throttle: { blocking, tiers: { Unauthenticated: { requests: 1, periodSeconds: 3600 } } } });
    expect(outcome(await gw.call('/menu', { clientIp: '198.51.100.9' }))).toEqual(BLOCKED);
    expect(outcome(await gw.call('/menu', { clientIp: '198.51.100.9' }))).toEqual(BLOCKED);
    blocking.remove({ type: 'IP', value: '198.51.100.9' });
    // The blocked calls were not counted: the client still has its one call.
    expect(outcome(await gw.call('/menu', { clientIp: '198.51.100.9' }))).toBe('ok');
  });

  it('a blocked call is not counted at any level', async () => {
    const blocking = createBlockingConditions([{ type: 'USER', value: 'ana' }]);
    const gw = await levelsGateway({ subscriptionTier: 'OnePerHour', throttle: { blocking, tiers: { OnePerHour: { requests: 1, periodSeconds: 3600 } } } });
    for (let i = 0; i < 3; i++) expect(outcome(await gw.call())).toEqual(BLOCKED);
    blocking.remove({ type: 'USER', value: 'ana' });
    expect(outcome(await gw.call())).toBe('ok');
  }, 10_000);

  it('work from a store that answers later, and fail closed when it fails', async () => {
    const remote: BlockingConditions = { match: async (s) => (s.user === 'ana' ? { type: 'USER', value: 'ana' } : undefined) };
    const gw = await blockingGateway(remote);
    expect(outcome(await gw.call())).toEqual(BLOCKED);
    expect(outcome(await gw.call('/order/1', { user: 'bob' }))).toBe('ok');
    const down = await blockingGateway({ match: () => Promise.reject(new Error('db down')) });
    expect(outcome(await down.call())).toEqual([503, 900900, 'store_unavailable']);
  });

  it('are checked as they are added', async () => {
    const blocking = createBlockingConditions();
    expect(() => blocking.add({ type: 'HOST', value: 'x' } as never)).toThrow(/type must be one of API, APPLICATION, USER, IP, IPRANGE/);
    expect(() => blocking.add({ type: 'USER', value: '' })).toThrow(/value must be a string/);
    expect(() => blocking.add({ type: 'IP', value: '10.0.0.0/8' })).toThrow(/IP takes one address/);
    expect(() => blocking.add({ type: 'IPRANGE', value: '10.0.0.1' })).toThrow(/IPRANGE takes a CIDR range/);
    expect(() => blocking.add({ type: 'IP', value: '10.0.0.300' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_IP' }));
    expect(() => blocking.add({ type: 'USER', value: 'ana', invert: true })).toThrow(/invert/);
    expect(blocking.size).toBe(0);
    await expect(levelsGateway({ throttle: { blocking: {} as BlockingConditions } })).rejects.toThrow(/blocking must be BlockingConditions/);
  });
});
