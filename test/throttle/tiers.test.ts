import { describe, expect, it } from 'vitest';
import { KeygateError } from '../../src/errors.js';
import { APPLICATION_TIERS, checkTier, isUnlimited, resolveTiers, SUBSCRIPTION_TIERS } from '../../src/throttle/tiers.js';

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
  });

  it('merges overrides by name', () => {
    const tiers = resolveTiers({ Gold: { requests: 3, periodSeconds: 1, stopOnQuotaReach: false }, Platinum: { requests: 9000, periodSeconds: 60 } });
    expect(tiers.get('Gold')).toEqual({ requests: 3, periodSeconds: 1, stopOnQuotaReach: false });
    expect(tiers.get('Platinum')?.requests).toBe(9000);
    expect(tiers.get('Bronze')?.requests).toBe(1000);
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
