import { describe, expect, it } from 'vitest';
import { KeygateError, type ValidationResult, type ValidatorOptions } from '../../src/index.js';
import { createThrottle, type RateLimiter, type ThrottleOptions } from '../../src/gateway/index.js';
import { APP_UUID, PIZZA, pizzaGateway, type KeyOnlyOverrides } from '../helpers/fixtures.js';
import { failingLimiter, scriptedLimiter } from '../helpers/limiters.js';

const T0 = 1_800_000_000_000;
const summary = (r: ValidationResult) =>
  r.ok ? { ok: true, quotaExceeded: r.quotaExceeded } : { ok: false, status: r.status, code: r.code, retryAfter: r.retryAfter };

/** A PizzaShack gateway throttled by createThrottle(`options`), whose subscription has `tier`, on a clock the test moves. */
async function throttled(tier: string, options: ThrottleOptions = {}, overrides: KeyOnlyOverrides = {}) {
  const clock = { now: T0 };
  const gw = await pizzaGateway({ now: () => clock.now, throttle: createThrottle(options), ...overrides });
  gw.subscriptions.update({ applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier });
  return { ...gw, clock };
}

describe('throttling by tier', () => {
  it('N+1 calls: exactly one 429/900804 whose retryAfter is when the next call passes', async () => {
    const gw = await throttled('Trial', { tiers: { Trial: { requests: 5, periodSeconds: 60 } } });
    const key = await gw.issue();
    const results = [];
    for (let i = 0; i < 6; i++) results.push(summary(await gw.call(key)));
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, status: 429, code: 900804, retryAfter: 12 }]);
    expect(results.slice(0, 5).every((r) => r.ok)).toBe(true);
    gw.clock.now += 11_999;
    expect((await gw.call(key)).ok).toBe(false);
    gw.clock.now += 1;
    expect((await gw.call(key)).ok).toBe(true);
  });

  it("enforces WSO2's built-in subscription tiers, per application and API", async () => {
    const gw = await throttled('Bronze');
    const key = await gw.issue();
    for (let i = 0; i < 1000; i++) expect((await gw.call(key)).ok).toBe(true);
    const r = await gw.call(key);
    expect(summary(r)).toEqual({ ok: false, status: 429, code: 900804, retryAfter: 1 });
    expect(!r.ok && r.description).toMatch(/subscription tier Bronze allows 1000 requests per 60 s/);
  });

  it("enforces the application's tier from the key", async () => {
    const gw = await throttled('Unlimited');
    const key = await gw.issue({
      lightweight: false,
      application: { uuid: APP_UUID, id: 1, name: 'App', owner: 'o', tier: '10PerMin' },
      subscriptions: [{ name: PIZZA.name, context: '/pizzashack/1.0.0', version: PIZZA.version }],
    });
    const results = [];
    for (let i = 0; i < 11; i++) results.push(await gw.call(key));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(summary(results[10]!)).toEqual({ ok: false, status: 429, code: 900803, retryAfter: 6 });
    const last = results[9]!;
    expect(last.ok && last.rateLimit).toEqual({ level: 'application', tier: '10PerMin', limit: 10, periodSeconds: 60, remaining: 0, resetAfter: 60 });
  });

  it('lets calls over a stopOnQuotaReach: false tier through, flagged', async () => {
    const gw = await throttled('Billing', { tiers: { Billing: { requests: 2, periodSeconds: 60, stopOnQuotaReach: false } } });
    const key = await gw.issue();
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await gw.call(key));
    expect(results.map(summary)).toEqual([
      { ok: true, quotaExceeded: undefined },
      { ok: true, quotaExceeded: undefined },
      { ok: true, quotaExceeded: true },
    ]);
    expect(results[2]!.ok && results[2]!.rateLimit?.remaining).toBe(0);
  });

  it("reads stopOnQuotaReach from the key's tierInfo when the tier does not set it", async () => {
    const gw = await throttled('Small', { tiers: { Small: { requests: 1, periodSeconds: 60 } } });
    const key = await gw.issue({
      lightweight: false,
      tierInfo: { Small: { stopOnQuotaReach: false } },
      subscriptions: [{ name: PIZZA.name, context: '/pizzashack/1.0.0', version: PIZZA.version }],
    });
    await gw.call(key);
    expect(summary(await gw.call(key))).toEqual({ ok: true, quotaExceeded: true });
  });

  it('does not count Unlimited tiers, fails closed on an undefined tier, and is off without the plugin', async () => {
    const unlimited = await throttled('Unlimited');
    const ok = await unlimited.call(await unlimited.issue());
    expect(ok.ok && ok.rateLimit).toBeUndefined();

    const unknown = await throttled('Platinum');
    const r = await unknown.call(await unknown.issue());
    expect([!r.ok && r.status, !r.ok && r.reason]).toEqual([500, 'internal_error']);
    expect(!r.ok && r.description).not.toContain('Platinum');
    expect(!r.ok && String(r.cause)).toMatch(/"Platinum" is not defined/);

    const off = await throttled('Platinum', {}, { throttle: undefined });
    expect((await off.call(await off.issue())).ok).toBe(true);
  });

  it('uses a custom RateLimiter, and answers 503 when it is down', async () => {
    const { limiter, seen } = scriptedLimiter(() => ({ allowed: false, remaining: 0, retryAfter: 42, resetAfter: 60 }));
    const gw = await throttled('Gold', { limiter });
    expect(summary(await gw.call(await gw.issue()))).toEqual({ ok: false, status: 429, code: 900804, retryAfter: 42 });
    expect(seen).toEqual([`sub|${APP_UUID}|/pizzashack|1.0.0 5000/60`]);

    const down = await throttled('Gold', { limiter: failingLimiter(new Error('ECONNREFUSED')) });
    const r = await down.call(await down.issue());
    expect(!r.ok && [r.status, r.reason]).toEqual([503, 'store_unavailable']);
  });

  it('refuses bad throttling options at construction', async () => {
    await expect(throttled('Gold', { limiter: {} as RateLimiter })).rejects.toThrow(/limiter must be a RateLimiter/);
    // A limiter of earlier versions (consume only) cannot decide a call's levels as one.
    await expect(throttled('Gold', { limiter: { consume: async () => ({ allowed: true, remaining: 1, retryAfter: 0, resetAfter: 0 }) } as never })).rejects.toThrow(/consumeAll/);
    await expect(throttled('Gold', { tiers: { Gold: { requests: 0, periodSeconds: 60 } } })).rejects.toThrow(KeygateError);
    // The options of earlier versions, passed straight to the validator: told which factory to use.
    await expect(throttled('Gold', {}, { tiers: {} } as never)).rejects.toThrow('createValidator: unknown option "tiers" (moved to keygate/gateway: pass throttle: createThrottle({ tiers }))');
    await expect(throttled('Gold', {}, { rateLimiter: false } as never)).rejects.toThrow(/"rateLimiter" \(moved to keygate\/gateway/);
    await expect(throttled('Gold', {}, { throttle: { tiers: {} } } as never)).rejects.toThrow(/throttle must be made by createThrottle/);
  });
});
