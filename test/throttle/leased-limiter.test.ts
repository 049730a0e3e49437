import { describe, expect, it } from 'vitest';
import { createLeasedLimiter, leaseSize, type LeaseGrant, type TakeLeases } from '../../src/throttle/leased-limiter.js';

/** A shared counter per key with `left` calls, answering after `delayMs`; records what was asked. */
function sharedCounters(left: Record<string, number>, delayMs = 0) {
  const asked: Array<[string, number, number]> = [];
  const batches: number[] = [];
  const take: TakeLeases = async (requests) => {
    batches.push(requests.length);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return requests.map(({ key, want, refund }): LeaseGrant => {
      asked.push([key, want, refund]);
      left[key] = (left[key] ?? 0) + refund;
      const granted = Math.min(want, left[key]!);
      left[key]! -= granted;
      return { granted, remaining: left[key]!, retryAfterMs: granted > 0 ? 0 : 1500, resetAfterMs: 30_000 };
    });
  };
  return { take, asked, batches };
}

describe('createLeasedLimiter', () => {
  it('shares one request among concurrent callers of a key, and spends the lease at once', async () => {
    const shared = { k: 25 };
    const { take, asked } = sharedCounters(shared, 5);
    let clock = 0;
    const limiter = createLeasedLimiter(take, { lease: 10, leaseTtl: 100, now: () => clock });
    const limit = { requests: 1000, periodSeconds: 60 };
    const decisions = await Promise.all(Array.from({ length: 30 }, () => limiter.consume('k', limit)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
    expect(decisions.find((d) => !d.allowed)).toEqual({ allowed: false, remaining: 0, retryAfter: 2, resetAfter: 30 });
    expect(asked).toEqual([['k', 10, 0], ['k', 10, 0], ['k', 10, 0], ['k', 10, 0]]);
    expect(decisions[0]).toEqual({ allowed: true, remaining: 15 + 9, retryAfter: 0, resetAfter: 30 });
    // Refused at once while the refusal holds (leaseTtl at most), asked again after.
    expect((await limiter.consume('k', limit)).allowed).toBe(false);
    expect(asked).toHaveLength(4);
    clock += 150;
    shared.k = 3;
    expect((await limiter.consume('k', limit)).allowed).toBe(true);
    expect(asked).toHaveLength(5);
  });

  it('keeps a lease the same call created, though making room for the next key swept it out', async () => {
    // The first key's new lease is the oldest entry when the second key's is made: the sweep takes it
    // out of the map, and the grant puts it back, so the next call spends both leases without asking.
    const { take, batches } = sharedCounters({ a: 100, b: 100 });
    const limiter = createLeasedLimiter(take, { lease: 10, leaseTtl: 1000, now: () => 0 });
    const counters = [{ key: 'a', requests: 1000, periodSeconds: 60 }, { key: 'b', requests: 1000, periodSeconds: 60 }];
    for (let i = 0; i < 5; i++) expect((await limiter.consumeAll(counters)).every((d) => d.allowed)).toBe(true);
    expect(batches).toEqual([2]);
  });

  it("gives back an expired lease's unspent calls with the next request", async () => {
    const { take, asked } = sharedCounters({ k: 1000 });
    let clock = 0;
    const limiter = createLeasedLimiter(take, { lease: 10, leaseTtl: 100, now: () => clock });
    await limiter.consume('k', { requests: 1000, periodSeconds: 60 });
    await limiter.consume('k', { requests: 1000, periodSeconds: 60 });
    clock = 200;
    await limiter.consume('k', { requests: 1000, periodSeconds: 60 });
    expect(asked.map(([, , refund]) => refund)).toEqual([0, 8]);
  });

  it("takes every lease a call lacks in one request, and a refused counter spends none of the others' leases", async () => {
    const shared = { a: 100, b: 100, c: 0 };
    const { take, batches } = sharedCounters(shared);
    const limiter = createLeasedLimiter(take, { lease: 10, leaseTtl: 1000, now: () => 0 });
    const counters = [
      { key: 'a', requests: 1000, periodSeconds: 60 },
      { key: 'b', requests: 1000, periodSeconds: 60 },
    ];
    const first = await limiter.consumeAll(counters);
    expect(first.map((d) => d.allowed)).toEqual([true, true]);
    expect(batches).toEqual([2]); // a and b: one round trip
    expect(await limiter.consumeAll(counters)).toMatchObject([{ remaining: 98 }, { remaining: 98 }]);
    expect(batches).toEqual([2]); // spent from the leases: none

    const withC = [...counters, { key: 'c', requests: 1000, periodSeconds: 60 }];
    const refused = await limiter.consumeAll(withC);
    expect(refused.map((d) => d.allowed)).toEqual([true, true, false]);
    expect(batches).toEqual([2, 1]); // only c was asked for
    // a and b kept their calls: the next call spends the same lease calls the refused one did not.
    expect(await limiter.consumeAll(counters)).toMatchObject([{ remaining: 97 }, { remaining: 97 }]);
    // While c's refusal holds, calls that need it are refused without asking.
    expect((await limiter.consumeAll(withC)).map((d) => d.allowed)).toEqual([true, true, false]);
    expect(batches).toEqual([2, 1]);
  });

  it('a soft counter without room does not refuse the call: the others are spent', async () => {
    const { take } = sharedCounters({ a: 100, soft: 0 });
    const limiter = createLeasedLimiter(take, { lease: 10, leaseTtl: 1000, now: () => 0 });
    const counters = [
      { key: 'a', requests: 1000, periodSeconds: 60 },
      { key: 'soft', requests: 1000, periodSeconds: 60, soft: true },
    ];
    expect((await limiter.consumeAll(counters)).map((d) => d.allowed)).toEqual([true, false]);
    expect(await limiter.consumeAll(counters)).toMatchObject([{ allowed: true, remaining: 98 }, { allowed: false }]);
  });

  it('answers at once, without a promise, when every lease is there', async () => {
    const { take } = sharedCounters({ a: 100 });
    const limiter = createLeasedLimiter(take, { lease: 10, leaseTtl: 1000, now: () => 0 });
    const counters = [{ key: 'a', requests: 1000, periodSeconds: 60 }];
    await limiter.consumeAll(counters);
    expect(Array.isArray(limiter.consumeAll(counters))).toBe(true);
  });

  it('sizes a lease at most a tenth of the quota, at least one call', () => {
    expect(leaseSize(100, { requests: 5000, periodSeconds: 60 })).toBe(100);
    expect(leaseSize(100, { requests: 200, periodSeconds: 60 })).toBe(20);
    expect(leaseSize(100, { requests: 10, periodSeconds: 60 })).toBe(1);
    expect(leaseSize(100, { requests: 3, periodSeconds: 60 })).toBe(1);
  });
});
