import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeygateError } from '../../src/errors.js';
import { createMemoryRateLimiter } from '../../src/throttle/memory-limiter.js';

const perMinute = (requests: number) => ({ requests, periodSeconds: 60 });

describe('createMemoryRateLimiter (GCRA)', () => {
  it('passes exactly N calls at once, then refuses with the seconds until the next slot', async () => {
    let t = 1_700_000_000_000;
    const limiter = createMemoryRateLimiter({ now: () => t });
    const decisions = [];
    for (let i = 0; i < 11; i++) decisions.push(await limiter.consume('app', perMinute(10)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    expect(decisions.map((d) => d.remaining)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0]);
    expect(decisions[10]).toEqual({ allowed: false, remaining: 0, retryAfter: 6, resetAfter: 60 });
    t += 5999;
    expect((await limiter.consume('app', perMinute(10))).allowed).toBe(false);
    t += 1;
    expect(await limiter.consume('app', perMinute(10))).toEqual({ allowed: true, remaining: 0, retryAfter: 0, resetAfter: 60 });
  });

  it('says when the whole quota is back: resetAfter, in whole seconds', async () => {
    let t = 0;
    const limiter = createMemoryRateLimiter({ now: () => t });
    expect(await limiter.consume('k', perMinute(10))).toMatchObject({ remaining: 9, resetAfter: 6 });
    expect(await limiter.consume('k', perMinute(10))).toMatchObject({ remaining: 8, resetAfter: 12 });
    t += 7000; // one call earned back, 5 s to go for the other
    expect(await limiter.consume('k', perMinute(10))).toMatchObject({ remaining: 8, resetAfter: 11 });
  });

  it("decides a call's counters as one: a refusal counts at none, a soft counter refuses nothing", () => {
    const limiter = createMemoryRateLimiter({ now: () => 0 });
    const big = { key: 'big', requests: 100, periodSeconds: 60 };
    const small = { key: 'small', requests: 1, periodSeconds: 60 };
    expect(limiter.consumeAll([big, small]).map((d) => d.allowed)).toEqual([true, true]);
    // small is used up: the call is refused, and big is not counted.
    const refused = limiter.consumeAll([big, small]);
    expect(refused.map((d) => d.allowed)).toEqual([true, false]);
    expect(limiter.consumeAll([big])[0]).toMatchObject({ allowed: true, remaining: 98 });
    // Over a soft counter the call passes, counted at the others only.
    const soft = { ...small, soft: true };
    expect(limiter.consumeAll([big, soft]).map((d) => d.allowed)).toEqual([true, false]);
    expect(limiter.consumeAll([big])[0]).toMatchObject({ remaining: 96 });
  });

  it('keeps the calls a counter holds as calls when its limit changes (a tier upgraded, a policy edited)', async () => {
    const limiter = createMemoryRateLimiter({ now: () => 0 });
    const day = (requests: number) => ({ requests, periodSeconds: 86_400 });
    await limiter.consume('k', day(2));
    expect((await limiter.consume('k', day(2))).remaining).toBe(0);
    // 2 used of 1000 a day: 998 left after one more, not a day to wait.
    expect(await limiter.consume('k', day(1000))).toMatchObject({ allowed: true, remaining: 997 });
    // Down to 2 a day again with 3 used: refused until 2 are earned back (a day), to hold 1 of 2.
    expect(await limiter.consume('k', day(2))).toMatchObject({ allowed: false, retryAfter: 86_400 });
  });

  it('keeps keys apart', async () => {
    const limiter = createMemoryRateLimiter({ now: () => 0 });
    expect((await limiter.consume('a', perMinute(1))).allowed).toBe(true);
    expect((await limiter.consume('a', perMinute(1))).allowed).toBe(false);
    expect((await limiter.consume('b', perMinute(1))).allowed).toBe(true);
    limiter.reset('a');
    expect((await limiter.consume('a', perMinute(1))).allowed).toBe(true);
  });

  it('is a bucket of `requests` refilled at `requests` per period, and Retry-After is exact (model check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 60 }),
        async (requests, periodSeconds, gaps) => {
          let t = 0;
          const limiter = createMemoryRateLimiter({ now: () => t });
          const limit = { requests, periodSeconds };
          const interval = (periodSeconds * 1000) / requests;
          const passed: number[] = [];
          for (const gap of gaps) {
            t += gap;
            const d = await limiter.consume('k', limit);
            if (d.allowed) {
              passed.push(t);
              continue;
            }
            expect(d.retryAfter).toBeGreaterThanOrEqual(1);
            expect(d.retryAfter).toBeLessThanOrEqual(Math.ceil(periodSeconds));
            // Retry-After is honest: waiting exactly that long lets the call through.
            t += d.retryAfter * 1000;
            expect((await limiter.consume('k', limit)).allowed).toBe(true);
            passed.push(t);
          }
          // Token-bucket conformance: passes in [a, b] <= requests + (b - a) / interval.
          for (let i = 0; i < passed.length; i++) {
            for (let j = i; j < passed.length; j++) {
              expect(j - i + 1).toBeLessThanOrEqual(requests + (passed[j]! - passed[i]!) / interval + 1e-9);
            }
          }
        },
      ),
    );
  });

  it('handles rates that do not divide the period evenly', async () => {
    const t = 0;
    const limiter = createMemoryRateLimiter({ now: () => t });
    const allowed = [];
    for (let i = 0; i < 8; i++) allowed.push((await limiter.consume('k', perMinute(7))).allowed);
    expect(allowed).toEqual([true, true, true, true, true, true, true, false]);
  });

  it('drops idle counters, so memory follows the active keys only', async () => {
    let t = 0;
    const limiter = createMemoryRateLimiter({ now: () => t });
    for (let i = 0; i < 10_000; i++) await limiter.consume(`key-${i}`, perMinute(100));
    expect(limiter.size).toBeLessThanOrEqual(10_000);
    t += 60_000; // every counter has its full quota back: all idle
    for (let i = 0; i < 6000; i++) await limiter.consume('hot', perMinute(1_000_000));
    expect(limiter.size).toBeLessThanOrEqual(2);
  });

  it('holds at most maxKeys counters', async () => {
    const limiter = createMemoryRateLimiter({ now: () => 0, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) await limiter.consume(`k${i}`, perMinute(5));
    expect(limiter.size).toBe(100);
  });

  it('refuses malformed limits and options', async () => {
    const limiter = createMemoryRateLimiter();
    for (const bad of [perMinute(0), perMinute(1.5), perMinute(Infinity), { requests: 1, periodSeconds: 0 }]) {
      expect(() => limiter.consume('k', bad)).toThrow(KeygateError);
    }
    expect(() => createMemoryRateLimiter({ maxKeys: 0 })).toThrow(/maxKeys/);
  });
});
