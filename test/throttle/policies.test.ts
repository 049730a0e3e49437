import { describe, expect, it } from 'vitest';
import { KeygateError } from '../../src/errors.js';
import { createMemoryPolicyStore, type PolicyLevel, type PolicyStore, type Tier } from '../../src/gateway/index.js';
import { callTimes, levelsGateway, outcome } from './gateway.js';

describe('policies from a PolicyStore', () => {
  it('defines every level at run time, asked with the level, over WSO2 defaults', async () => {
    const policies = createMemoryPolicyStore({
      ApiWide: { requests: 4, timeUnit: 'min' },
      OrderTier: { requests: 3, timeUnit: 'hour' },
      Gold: { requests: 2, timeUnit: 'day' }, // replaces WSO2's Gold
      AppTier: { requests: 5, timeUnit: 'month' },
    });
    const asked: Array<[string, PolicyLevel]> = [];
    const spy: PolicyStore = {
      find(name, level) {
        asked.push([name, level]);
        return policies.find(name);
      },
    };
    const gw = await levelsGateway({ api: { tier: 'ApiWide' }, resourceTier: 'OrderTier', subscriptionTier: 'Gold', applicationTier: 'AppTier', throttle: { policies: spy } });
    const r = await gw.call();
    expect(r.ok && r.rateLimits?.map((l) => [l.level, l.tier, l.limit, l.periodSeconds])).toEqual([
      ['api', 'ApiWide', 4, 60],
      ['resource', 'OrderTier', 3, 3600],
      ['subscription', 'Gold', 2, 86_400],
      ['application', 'AppTier', 5, 2_592_000],
    ]);
    expect(asked).toEqual([
      ['ApiWide', 'api'],
      ['OrderTier', 'resource'],
      ['Gold', 'subscription'],
      ['AppTier', 'application'],
    ]);
    expect(await callTimes(2, () => gw.call('/specials'))).toEqual(['ok', [429, 900804, 'throttled_subscription']]);

    // Changed at run time: applies from the next call on.
    policies.put('Gold', { requests: 1000, timeUnit: 'day' });
    expect(outcome(await gw.call('/specials'))).toBe('ok');
    // A name the store does not know falls back to `tiers` and WSO2's defaults.
    policies.remove('Gold');
    const fallback = await gw.call('/specials');
    expect(fallback.ok && fallback.rateLimits?.find((l) => l.level === 'subscription')?.limit).toBe(5000);
  });

  it('takes stopOnQuotaReach from the policy', async () => {
    const policies = createMemoryPolicyStore({ Billing: { requests: 1, timeUnit: 'hour', stopOnQuotaReach: false } });
    const gw = await levelsGateway({ subscriptionTier: 'Billing', throttle: { policies } });
    await gw.call();
    const over = await gw.call();
    expect(over.ok && over.quotaExceeded).toBe(true);
  });

  it('works with a store that answers later, and fails closed when it fails', async () => {
    const slow: PolicyStore = { find: async (name) => (name === 'Slow' ? { requests: 1, periodSeconds: 60 } : undefined) };
    const gw = await levelsGateway({ subscriptionTier: 'Slow', throttle: { policies: slow } });
    expect(await callTimes(2, () => gw.call())).toEqual(['ok', [429, 900804, 'throttled_subscription']]);

    const down = await levelsGateway({ subscriptionTier: 'Gold', throttle: { policies: { find: () => Promise.reject(new Error('db down')) } } });
    const r = await down.call();
    expect(outcome(r)).toEqual([503, 900900, 'store_unavailable']);
    expect(!r.ok && (r.cause as KeygateError).cause).toMatchObject({ message: 'db down' });
    const throws = await levelsGateway({ subscriptionTier: 'Gold', throttle: { policies: { find: () => { throw new Error('db down'); } } } });
    expect(outcome(await throws.call())).toEqual([503, 900900, 'store_unavailable']);
  });

  it('fails closed on a tier nobody defines, and on a policy that is not one, with the details in cause', async () => {
    const gw = await levelsGateway({ subscriptionTier: 'Platinum', throttle: { policies: createMemoryPolicyStore() } });
    const r = await gw.call();
    expect(outcome(r)).toEqual([500, 900900, 'internal_error']);
    expect(!r.ok && r.description).toBe('The gateway could not apply the throttling tier of this call');
    expect(!r.ok && String(r.cause)).toMatch(/the subscription tier "Platinum" is not defined on this gateway/);

    const broken = await levelsGateway({ subscriptionTier: 'Broken', throttle: { policies: { find: () => ({ requests: -1, periodSeconds: 60 }) as Tier } } });
    const b = await broken.call();
    expect(outcome(b)).toEqual([500, 900900, 'internal_error']);
    expect(!b.ok && String(b.cause)).toMatch(/invalid policy "Broken"/);
    expect(!b.ok && b.description).not.toContain('Broken');
  });

  it('checks what is put in the memory store', async () => {
    const store = createMemoryPolicyStore();
    expect(() => store.put('Bad', { requests: 0, periodSeconds: 60 })).toThrow(/policy "Bad".requests/);
    expect(() => store.put('', { requests: 1, periodSeconds: 60 })).toThrow(/tier names/);
    store.put('Good', { requests: 1, timeUnit: 'sec' });
    expect(store.list()).toEqual({ Good: { requests: 1, periodSeconds: 1 } });
    await expect(levelsGateway({ throttle: { policies: {} as PolicyStore } })).rejects.toThrow(/policies must be a PolicyStore/);
  });
});
