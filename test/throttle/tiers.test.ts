import { describe, expect, it } from 'vitest';
import { KeygateError } from '../../src/errors.js';
import { ADVANCED_TIERS, APPLICATION_TIERS, checkTier, isUnlimited, resolveTiers, SUBSCRIPTION_TIERS } from '../../src/throttle/tiers.js';

describe('tiers', () => {
  it("has WSO2's defaults", () => {
    const tiers = resolveTiers();
    expect(tiers.get('Bronze')).toEqual({ requests: 1000, periodSeconds: 60 });
    expect(tiers.get('Silver')).toEqual({ requests: 2000, periodSeconds: 60 });
    expect(tiers.get('Gold')).toEqual({ requests: 5000, periodSeconds: 60 });
    expect(tiers.get('10PerMin')).toEqual({ requests: 10, periodSeconds: 60 });
    expect(tiers.get('20PerMin')).toEqual({ requests: 20, periodSeconds: 60 });
    expect(tiers.get('50PerMin')).toEqual({ requests: 50, periodSeconds: 60 });
    expect(isUnlimited(tiers.get('Unlimited')!)).toBe(true);
    expect(Object.keys(SUBSCRIPTION_TIERS)).toEqual(['Bronze', 'Silver', 'Gold', 'Unauthenticated', 'Unlimited']);
    expect(Object.keys(APPLICATION_TIERS)).toEqual(['10PerMin', '20PerMin', '50PerMin', 'Unlimited']);
    expect(Object.isFrozen(SUBSCRIPTION_TIERS.Gold)).toBe(true);
    // Advanced policies, for the API and resource levels.
    expect(Object.keys(ADVANCED_TIERS)).toEqual(['10KPerMin', '20KPerMin', '50KPerMin', 'Unlimited']);
    expect([tiers.get('10KPerMin'), tiers.get('20KPerMin'), tiers.get('50KPerMin')]).toEqual([10_000, 20_000, 50_000].map((requests) => ({ requests, periodSeconds: 60 })));
    expect(tiers.get('Unauthenticated')).toEqual({ requests: 500, periodSeconds: 60 });
  });

  it('merges overrides by name', () => {
    const tiers = resolveTiers({ Gold: { requests: 3, periodSeconds: 1, stopOnQuotaReach: false }, Platinum: { requests: 9000, periodSeconds: 60 } });
    expect(tiers.get('Gold')).toEqual({ requests: 3, periodSeconds: 1, stopOnQuotaReach: false });
    expect(tiers.get('Platinum')?.requests).toBe(9000);
    expect(tiers.get('Bronze')?.requests).toBe(1000);
  });

  it("takes WSO2's time units (a month is 30 days) and spike arrest", () => {
    const tiers = resolveTiers({
      PerSecond: { requests: 5, timeUnit: 'sec' },
      Hourly: { requests: 100, timeUnit: 'hour', unitTime: 2 },
      Daily: { requests: 1000, timeUnit: 'day' },
      Monthly: { requests: 1_000_000, timeUnit: 'month', stopOnQuotaReach: false },
      Burst: { requests: 600, timeUnit: 'min', spikeArrestLimit: 20, spikeArrestUnit: 'sec' },
      BurstPerMin: { requests: 600, timeUnit: 'min', spikeArrestLimit: 100 },
      NoBurst: { requests: 600, timeUnit: 'min', spikeArrestLimit: 0 },
    });
    expect(tiers.get('PerSecond')).toEqual({ requests: 5, periodSeconds: 1 });
    expect(tiers.get('Hourly')).toEqual({ requests: 100, periodSeconds: 7200 });
    expect(tiers.get('Daily')?.periodSeconds).toBe(86_400);
    expect(tiers.get('Monthly')).toEqual({ requests: 1_000_000, periodSeconds: 2_592_000, stopOnQuotaReach: false });
    expect(tiers.get('Burst')).toEqual({ requests: 600, periodSeconds: 60, spikeArrestLimit: 20, spikeArrestUnit: 'sec' });
    expect(tiers.get('BurstPerMin')?.spikeArrestUnit).toBe('sec'); // WSO2's default unit
    expect(tiers.get('NoBurst')).toEqual({ requests: 600, periodSeconds: 60 });
    for (const bad of [
      { requests: 1, timeUnit: 'week' },
      { requests: 1, timeUnit: 'min', periodSeconds: 60 },
      { requests: 1, unitTime: 2, periodSeconds: 60 },
      { requests: 1, timeUnit: 'min', unitTime: 0 },
      { requests: 1, timeUnit: 'min', spikeArrestLimit: -1 },
      { requests: 1, timeUnit: 'min', spikeArrestLimit: 5, spikeArrestUnit: 'hour' },
    ]) {
      expect(() => resolveTiers({ Custom: bad as never })).toThrow(/"Custom"/);
    }
  });

  it('refuses malformed tier definitions with a KeygateError naming the tier', () => {
    const bad: unknown[] = [
      null,
      { requests: 0, periodSeconds: 60 },
      { requests: 1.5, periodSeconds: 60 },
      { requests: '10', periodSeconds: 60 },
      { requests: 10, periodSeconds: 0 },
      { requests: 10, periodSeconds: Infinity },
      { requests: 10, periodSeconds: 60, stopOnQuotaReach: 'no' },
    ];
    for (const tier of bad) {
      expect(() => resolveTiers({ Custom: tier as never })).toThrow(KeygateError);
      expect(() => resolveTiers({ Custom: tier as never })).toThrow(/"Custom"/);
    }
    expect(() => resolveTiers({ '': { requests: 1, periodSeconds: 1 } })).toThrow(/names/);
    expect(() => resolveTiers([] as never)).toThrow(/tiers must be an object/);
    expect(checkTier({ requests: Infinity, periodSeconds: 1 }, 'x').requests).toBe(Infinity);
  });
});
