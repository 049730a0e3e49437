/**
 * For random call sequences, each call counted at a random set of counters (some soft), the
 * in-memory limiter and the exact Redis limiter agree on every decision: which counters had room,
 * whether the call was refused, the calls left, retryAfter and resetAfter. The memory limiter's
 * clock stands still; Redis's moves by the milliseconds the test takes, which intervals of whole
 * seconds (and much longer) keep from changing any figure.
 */
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { createMemoryRateLimiter, type RateCounter } from '../../src/gateway/index.js';
import { createRedisRateLimiter } from '../../src/redis/index.js';
import { CLIENT_KINDS, uniquePrefix, withRedis } from './clients.js';

const KEYS = ['api', 'resource', 'subscription', 'application'] as const;

const scenario = fc.record({
  // requests per counter, and its interval in whole seconds (the period is requests × interval)
  limits: fc.tuple(...KEYS.map(() => fc.record({ requests: fc.integer({ min: 1, max: 4 }), interval: fc.integer({ min: 60, max: 7200 }) }))),
  soft: fc.tuple(...KEYS.map(() => fc.boolean())),
  calls: fc.array(fc.subarray([0, 1, 2, 3], { minLength: 1 }), { minLength: 1, maxLength: 25 }),
});

describe.each(CLIENT_KINDS)('the memory and Redis limiters agree (%s)', (kind) => {
  it('on every decision of random call sequences', async () => {
    await withRedis(kind, inject('redisPort'), async (redis) => {
      await fc.assert(
        fc.asyncProperty(scenario, async ({ limits, soft, calls }) => {
          const memory = createMemoryRateLimiter({ now: () => 1_800_000_000_000 });
          const shared = createRedisRateLimiter(redis.client, { prefix: uniquePrefix() });
          const counterOf = (i: number): RateCounter => ({
            key: KEYS[i]!,
            requests: limits[i]!.requests,
            periodSeconds: limits[i]!.requests * limits[i]!.interval,
            soft: soft[i]!,
          });
          for (const call of calls) {
            const counters = call.map(counterOf);
            const inMemory = memory.consumeAll(counters);
            const inRedis = await shared.consumeAll(counters);
            expect(inRedis).toEqual(inMemory);
          }
        }),
        { numRuns: 60 },
      );
    });
  }, 60_000);
});
