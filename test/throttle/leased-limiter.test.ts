import { describe, expect, it } from 'vitest';
import { createLeasedLimiter, leaseSize, type TakeLease } from '../../src/throttle/leased-limiter.js';

describe('createLeasedLimiter', () => {
  it('shares one request among concurrent callers of a key, and spends the lease at once', async () => {
    const asked: Array<[string, number, number]> = [];
    let left = 25;
    const take: TakeLease = async (key, _limit, want, refund) => {
      asked.push([key, want, refund]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      left += refund;
      const granted = Math.min(want, left);
      left -= granted;
      return { granted, remaining: left, retryAfterMs: granted > 0 ? 0 : 1500 };
    };
    let clock = 0;
    const limiter = createLeasedLimiter(take, { lease: 10, leaseTtl: 100, now: () => clock });
    const limit = { requests: 1000, periodSeconds: 60 };
    const decisions = await Promise.all(Array.from({ length: 30 }, () => limiter.consume('k', limit)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
    expect(decisions.find((d) => !d.allowed)).toEqual({ allowed: false, remaining: 0, retryAfter: 2 });
    expect(asked).toEqual([['k', 10, 0], ['k', 10, 0], ['k', 10, 0], ['k', 10, 0]]);
    expect(decisions[0]).toEqual({ allowed: true, remaining: 15 + 9, retryAfter: 0 });
    // Refused at once while the refusal holds (leaseTtl at most), asked again after.
    expect((await limiter.consume('k', limit)).allowed).toBe(false);
    expect(asked).toHaveLength(4);
    clock += 150;
    left = 3;
    expect((await limiter.consume('k', limit)).allowed).toBe(true);
    expect(asked).toHaveLength(5);
  });

  it('gives back an expired lease\'s unspent calls with the next request', async () => {
    const asked: number[] = [];
    const take: TakeLease = async (_key, _limit, want, refund) => {
      asked.push(refund);
      return { granted: want, remaining: 100, retryAfterMs: 0 };
    };
    let clock = 0;
    const limiter = createLeasedLimiter(take, { lease: 10, leaseTtl: 100, now: () => clock });
    await limiter.consume('k', { requests: 1000, periodSeconds: 60 });
    await limiter.consume('k', { requests: 1000, periodSeconds: 60 });
    clock = 200;
    await limiter.consume('k', { requests: 1000, periodSeconds: 60 });
    expect(asked).toEqual([0, 8]);
  });

  it('sizes a lease at most a tenth of the quota, at least one call', () => {
    expect(leaseSize(100, { requests: 5000, periodSeconds: 60 })).toBe(100);
    expect(leaseSize(100, { requests: 200, periodSeconds: 60 })).toBe(20);
    expect(leaseSize(100, { requests: 10, periodSeconds: 60 })).toBe(1);
    expect(leaseSize(100, { requests: 3, periodSeconds: 60 })).toBe(1);
  });
});
