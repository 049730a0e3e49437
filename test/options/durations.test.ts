/**
 * Every option that times something refuses a delay setTimeout cannot take (over 2^31 - 1 ms it
 * fires at once, every time: a poll would spin and a deadline pass before the call is sent).
 */
import { describe, expect, it } from 'vitest';
import { createLastUsedTracker } from '../../src/gateway/index.js';
import { createMemoryKeyInventory } from '../../src/service/index.js';
import { createJwksKeyStore } from '../../src/index.js';
import { durationMs, MAX_TIMER_MS } from '../../src/options/durations.js';
import { createRedisBlockingConditions, createRedisPolicyStore, createRedisReplica, createRedisRevocationStore } from '../../src/redis/index.js';
import { expectKeygateError } from '../helpers/errors.js';

const TOO_LONG = /must be a positive number of milliseconds, at most 2147483647/;
// Never answers: the factories refuse their options before sending anything.
const client = { call: () => new Promise<never>(() => undefined) };

describe('durationMs', () => {
  it('takes a positive number of milliseconds up to setTimeout\'s limit, the fallback when undefined', () => {
    expect(durationMs(undefined, 'refresh', 1000)).toBe(1000);
    expect(durationMs(0.5, 'refresh', 1000)).toBe(0.5);
    expect(durationMs(MAX_TIMER_MS, 'refresh', 1000)).toBe(MAX_TIMER_MS);
    for (const bad of [0, -1, MAX_TIMER_MS + 1, Infinity, NaN, '100']) {
      expectKeygateError(() => durationMs(bad, 'refresh', 1000), 'ERR_INVALID_OPTION', /^refresh must be a positive number of milliseconds/);
    }
  });
});

describe('options that time something', () => {
  it.each([
    ['createRedisReplica heartbeat', () => createRedisReplica(client, { heartbeat: 2 ** 31, maxStaleness: 2 ** 32 })],
    ['createRedisReplica timeout', () => createRedisReplica(client, { timeout: 2 ** 31 })],
    ['createRedisPolicyStore refresh', () => createRedisPolicyStore(client, { refresh: 2 ** 31 })],
    ['createRedisBlockingConditions refresh', () => createRedisBlockingConditions(client, { refresh: 2 ** 31, maxStaleness: 2 ** 32 })],
    ['createRedisRevocationStore timeout', () => createRedisRevocationStore(client, { timeout: 2 ** 31 })],
    ['createLastUsedTracker flushInterval', () => createLastUsedTracker({ store: createMemoryKeyInventory(), flushInterval: 2 ** 31 })],
  ])('%s past 2^31 - 1 ms is refused', (_, make) => {
    expectKeygateError(make, 'ERR_INVALID_OPTION', TOO_LONG);
  });

  it("a replica's blocking reads wait a heartbeat plus the timeout: that too within setTimeout's limit", () => {
    const reader = { call: () => new Promise<never>(() => undefined) };
    expectKeygateError(
      () => createRedisReplica(client, { reader, heartbeat: MAX_TIMER_MS - 10, maxStaleness: 2 ** 40, timeout: 1000 }),
      'ERR_INVALID_OPTION',
      /heartbeat \+ timeout must be at most 2147483647 ms with a reader/,
    );
  });

  it('a staleness bound is only compared with the clock: it may be longer, not infinite', () => {
    for (const make of [(maxStaleness: number) => createRedisReplica(client, { maxStaleness }), (maxStaleness: number) => createRedisPolicyStore(client, { maxStaleness })]) {
      expectKeygateError(() => make(Infinity), 'ERR_INVALID_OPTION', /^maxStaleness must be a positive number of milliseconds$/);
    }
  });

  it("createJwksKeyStore's timeout (in seconds) is refused at 0 and past setTimeout's limit", () => {
    for (const timeout of [0, 2_147_484]) {
      expectKeygateError(() => createJwksKeyStore('https://issuer.example/jwks', { timeout }), 'ERR_INVALID_OPTION', /timeout must be above 0 and at most 2147483 s/);
    }
    expect(() => createJwksKeyStore('https://issuer.example/jwks', { timeout: 2_147_483 })).not.toThrow();
  });
});
