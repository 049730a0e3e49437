import { describe, expect, it } from 'vitest';
import { BASE, callTimes, levelsGateway, outcome, type LevelsSetup } from './gateway.js';

const TWO = { requests: 2, periodSeconds: 60 };

describe('throttling levels, in WSO2 order, each with its own code', () => {
  it.each([
    ['API-level policy', { api: { tier: 'Two' } }, [429, 900800, 'throttled_api'], 30_000],
    ['hard limit', { api: { maxTps: { production: 2 } } }, [503, 900801, 'throttled_hard_limit'], 500],
    ['resource tier', { resourceTier: 'Two' }, [429, 900802, 'throttled_resource'], 30_000],
    ['subscription tier', { subscriptionTier: 'Two' }, [429, 900804, 'throttled_subscription'], 30_000],
    ['application tier', { applicationTier: 'Two' }, [429, 900803, 'throttled_application'], 30_000],
    ['spike arrest', { throttle: { tiers: { Burst: { requests: 1000, periodSeconds: 60, spikeArrestLimit: 2, spikeArrestUnit: 'sec' } } }, subscriptionTier: 'Burst' }, [429, 900807, 'throttled_spike_arrest'], 500],
  ] as Array<[string, LevelsSetup, unknown[], number]>)('%s: the third call is refused with its code, and retryAfter is when the next one fits', async (_name, setup, refused, waitMs) => {
    const gw = await levelsGateway({ ...setup, throttle: { tiers: { Two: TWO, ...setup.throttle?.tiers } } });
    expect(await callTimes(3, () => gw.call())).toEqual(['ok', 'ok', refused]);
    const r = await gw.call();
    // Whole seconds, rounded up: the wait itself (30 s), or 1 s for the 500 ms of a per-second limit.
    expect(!r.ok && r.retryAfter).toBe(Math.ceil(waitMs / 1000));
    gw.clock.now += waitMs - 1;
    expect((await gw.call()).ok).toBe(false);
    gw.clock.now += 1;
    expect((await gw.call()).ok).toBe(true);
  });

  it("says which level refused, and never the backend's capacity", async () => {
    const gw = await levelsGateway({ api: { tier: 'Two', maxTps: { production: 1 } }, throttle: { tiers: { Two: TWO } } });
    await gw.call();
    const hard = await gw.call();
    expect(!hard.ok && [hard.message, hard.description]).toEqual(['API Limit Reached', 'PizzaShackAPI 1.0.0 is not accepting more requests now; retry after 1 s']);
    expect(!hard.ok && hard.rateLimit).toBeUndefined(); // no RateLimit headers for it
    gw.clock.now += 1000;
    await gw.call();
    gw.clock.now += 1000;
    const api = await gw.call();
    expect(!api.ok && api.description).toBe('The API-level policy Two allows 2 requests per 60 s to PizzaShackAPI 1.0.0, for all callers; retry after 28 s');
    expect(!api.ok && api.rateLimit).toEqual({ level: 'api', tier: 'Two', limit: 2, periodSeconds: 60, remaining: 0, resetAfter: 28 });
  });

  it('names the first level in WSO2 order when several refuse', async () => {
    const one = { requests: 1, periodSeconds: 3600 };
    const gw = await levelsGateway({
      api: { tier: 'One', maxTps: { production: 1 } },
      resourceTier: 'One',
      subscriptionTier: 'One',
      applicationTier: 'One',
      throttle: { tiers: { One: one } },
    });
    expect(await callTimes(2, () => gw.call())).toEqual(['ok', [429, 900800, 'throttled_api']]);
  });

  it('a call any level refuses is counted at none of the others', async () => {
    const gw = await levelsGateway({
      resourceTier: 'OnePerHour',
      subscriptionTier: 'ThreePerHour',
      applicationTier: 'TenPerHour',
      throttle: { tiers: { OnePerHour: { requests: 1, periodSeconds: 3600 }, ThreePerHour: { requests: 3, periodSeconds: 3600 }, TenPerHour: { requests: 10, periodSeconds: 3600 } } },
    });
    expect(outcome(await gw.call('/order/1'))).toBe('ok');
    // Refused by the resource tier five times: the subscription and application tiers keep their calls.
    expect(await callTimes(5, () => gw.call('/order/1'))).toEqual(Array(5).fill([429, 900802, 'throttled_resource']));
    const next = await gw.call('/specials');
    expect(next.ok && next.rateLimits?.map((l) => [l.level, l.remaining])).toEqual([
      ['subscription', 1],
      ['application', 8],
    ]);
    // Refused by the subscription tier: the application tier keeps its calls too.
    expect(outcome(await gw.call('/specials'))).toBe('ok');
    expect(outcome(await gw.call('/specials'))).toEqual([429, 900804, 'throttled_subscription']);
    const bob = await gw.call('/specials', { user: 'bob' });
    expect(outcome(bob)).toEqual([429, 900804, 'throttled_subscription']);
    gw.applications.update({ uuid: gw.applications.list()[0]!.uuid, name: 'DefaultApplication', tier: 'TenPerHour' });
    gw.subscriptions.update({ applicationUuid: gw.applications.list()[0]!.uuid, apiContext: '/pizzashack', apiVersion: '1.0.0', tier: 'Unlimited' });
    const after = await gw.call('/specials');
    expect(after.ok && after.rateLimits).toEqual([{ level: 'application', tier: 'TenPerHour', limit: 10, periodSeconds: 3600, remaining: 6, resetAfter: 1440 }]);
  });

  it('spike arrest counts per subscription at second granularity, from the policy or the key', async () => {
    const gw = await levelsGateway({
      subscriptionTier: 'Burst',
      throttle: { tiers: { Burst: { requests: 1000, periodSeconds: 60, spikeArrestLimit: 5, spikeArrestUnit: 'sec' } } },
    });
    expect(await callTimes(6, () => gw.call())).toEqual([...Array(5).fill('ok'), [429, 900807, 'throttled_spike_arrest']]);
    const refused = await gw.call();
    expect(!refused.ok && [refused.retryAfter, refused.description]).toEqual([1, 'The subscription tier Burst allows bursts of 5 requests per second (spike arrest); retry after 1 s']);
    gw.clock.now += 199; // one call every 200 ms once the burst is spent
    expect((await gw.call()).ok).toBe(false);
    gw.clock.now += 1;
    const passed = await gw.call();
    expect(passed.ok && passed.rateLimits?.map((l) => [l.level, l.limit, l.periodSeconds, l.remaining])).toEqual([
      ['subscription', 1000, 60, 997], // 5 counted, 3 earned back in 200 ms (one each 60 ms)
      ['spikeArrest', 5, 1, 0],
    ]);
    // A full key whose tierInfo sets spike arrest (WSO2 writes it there) on a tier that does not.
    const keyed = await levelsGateway({ subscriptionTier: 'Gold' });
    const fullKey = await keyed.issue({
      lightweight: false,
      tierInfo: { Gold: { stopOnQuotaReach: true, spikeArrestLimit: 2, spikeArrestUnit: 'min' } },
      subscriptions: [{ name: 'PizzaShackAPI', context: '/pizzashack/1.0.0', version: '1.0.0' }],
    });
    const calls = [];
    for (let i = 0; i < 3; i++) calls.push(outcome(await keyed.validator.validate({ url: `${BASE}/specials`, headers: { apikey: fullKey } })));
    expect(calls).toEqual(['ok', 'ok', [429, 900807, 'throttled_spike_arrest']]);
  });

  it('describes every level counted, in order, and the tightest one (the hard limit aside)', async () => {
    const gw = await levelsGateway({
      api: { tier: 'Wide', maxTps: { production: 3 } },
      resourceTier: 'Wide',
      subscriptionTier: 'Gold',
      applicationTier: '10PerMin',
      throttle: { tiers: { Wide: { requests: 100, timeUnit: 'min' } } },
    });
    const r = await gw.call('/order/7');
    expect(r.ok && r.rateLimits).toEqual([
      { level: 'api', tier: 'Wide', limit: 100, periodSeconds: 60, remaining: 99, resetAfter: 1 },
      { level: 'hardLimit', tier: 'maxTps', limit: 3, periodSeconds: 1, remaining: 2, resetAfter: 1 },
      { level: 'resource', tier: 'Wide', limit: 100, periodSeconds: 60, remaining: 99, resetAfter: 1 },
      { level: 'subscription', tier: 'Gold', limit: 5000, periodSeconds: 60, remaining: 4999, resetAfter: 1 },
      { level: 'application', tier: '10PerMin', limit: 10, periodSeconds: 60, remaining: 9, resetAfter: 6 },
    ]);
    expect(r.ok && r.rateLimit).toEqual(r.ok && r.rateLimits?.[4]);
  });

  it('counts calls that need no key at the API, hard limit and Unauthenticated levels, per client address', async () => {
    const gw = await levelsGateway({ api: { tier: 'Wide', maxTps: { production: 50 } }, throttle: { tiers: { Wide: { requests: 100, periodSeconds: 60 }, Unauthenticated: TWO } } });
    const menu = (clientIp: string) => gw.call('/menu', { clientIp });
    const first = await menu('198.51.100.1');
    expect(first.ok && first.rateLimits?.map((l) => [l.level, l.tier, l.remaining])).toEqual([
      ['api', 'Wide', 99],
      ['hardLimit', 'maxTps', 49],
      ['subscription', 'Unauthenticated', 1],
    ]);
    await menu('198.51.100.1');
    const third = await menu('198.51.100.1');
    expect(!third.ok && [third.code, third.reason, third.description]).toEqual([
      900804,
      'throttled_subscription',
      'The subscription tier Unauthenticated allows 2 requests per 60 s per client address; retry after 30 s',
    ]);
    expect((await menu('198.51.100.2')).ok).toBe(true);
    // The hard limit of a sandbox-only API is its sandbox one.
    const sandbox = await levelsGateway({ api: { keyTypes: ['SANDBOX'], maxTps: { production: 100, sandbox: 1 } } });
    expect(await callTimes(2, () => sandbox.call('/menu'))).toEqual(['ok', [503, 900801, 'throttled_hard_limit']]);
  });

  it("counts calls that need no key at WSO2's default Unauthenticated tier: 500 a minute per client address", async () => {
    const gw = await levelsGateway();
    for (let i = 0; i < 500; i++) expect((await gw.call('/menu', { clientIp: '198.51.100.9' })).ok).toBe(true);
    const refused = await gw.call('/menu', { clientIp: '198.51.100.9' });
    expect(!refused.ok && [refused.status, refused.code, refused.reason, refused.retryAfter]).toEqual([429, 900804, 'throttled_subscription', 1]);
    expect(!refused.ok && refused.rateLimit).toEqual({ level: 'subscription', tier: 'Unauthenticated', limit: 500, periodSeconds: 60, remaining: 0, resetAfter: 1 });
    expect((await gw.call('/menu', { clientIp: '198.51.100.10' })).ok).toBe(true);
  });

  it('lets calls over a level that does not stop through, flagged, counted at the others', async () => {
    const gw = await levelsGateway({ api: { tier: 'Billing' }, subscriptionTier: 'Gold', throttle: { tiers: { Billing: { requests: 1, periodSeconds: 60, stopOnQuotaReach: false } } } });
    await gw.call();
    const over = await gw.call();
    expect(over.ok && [over.quotaExceeded, over.rateLimits?.map((l) => l.remaining)]).toEqual([true, [0, 4998]]);
  });

  it('refuses bad API throttling settings at createValidator', async () => {
    await expect(levelsGateway({ api: { tier: '' } })).rejects.toThrow('apis[0].tier must be a non-empty string');
    await expect(levelsGateway({ api: { maxTps: { production: 0 } } })).rejects.toThrow('apis[0].maxTps.production must be a positive integer');
    await expect(levelsGateway({ api: { maxTps: { prod: 5 } as never } })).rejects.toThrow('apis[0].maxTps: unknown option "prod"');
  });
});
