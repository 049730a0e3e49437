import { describe, expect, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator, KeygateError, type ValidatorOptions } from '../../src/index.js';
import { createAuditTrail, createThrottle } from '../../src/gateway/index.js';
import type { AuditEvent } from '../../src/audit/types.js';
import { APP_UUID, PIZZA, pizzaGateway, sharedKeyPair, type KeyOnlyOverrides } from '../helpers/fixtures.js';
import { failingLimiter } from '../helpers/limiters.js';

/*
 * Finding: a programming error inside the pipeline (a plugin's bug) was answered 503
 * `store_unavailable`, which tells operators to look at their databases. Only what a store
 * throws is a 503 now; anything else is 500 `internal_error`. Both keep the error as a
 * non-enumerable `cause` (and in audit events), never in what the client receives.
 */

const SUBSCRIBED = createMemorySubscriptionStore([{ applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'Gold' }]);

async function callWith(overrides: KeyOnlyOverrides) {
  const events: AuditEvent[] = [];
  const gw = await pizzaGateway({ audit: createAuditTrail((e) => void events.push(e)), ...overrides });
  const result = await gw.call(await gw.issue());
  return { result, event: events[0] };
}

describe('security: a bug is a 500, a failing store a 503, and both keep their cause', () => {
  it('a restrictions plugin that throws a TypeError: 500 internal_error', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'split')");
    const { result, event } = await callWith({ restrictions: { createCheck: () => () => { throw bug; } } });
    expect(result).toMatchObject({ ok: false, status: 500, reason: 'internal_error' });
    expect(!result.ok && result.cause).toBe(bug);
    expect(event?.cause).toBe(bug);
  });

  it('a throttle plugin whose check has a bug: 500, not 503', async () => {
    const { result } = await callWith({ throttle: { createCheck: () => () => Promise.reject(new RangeError('bug')) } });
    expect(result).toMatchObject({ ok: false, status: 500, reason: 'internal_error' });
  });

  it.each([
    ['subscription store throws', { subscriptions: { find: () => { throw new Error('db down'); } } }],
    ['subscription store rejects', { subscriptions: { find: () => Promise.reject(new Error('db down')) } }],
    ['revocation store throws', { subscriptions: SUBSCRIBED, revocations: { isRevoked: () => { throw new Error('db down'); }, revoke() {} } }],
    ['key store rejects', { keys: { getKey: () => Promise.reject(new Error('db down')) } }],
    ['key store throws', { keys: { getKey: () => { throw new Error('db down'); } } }],
    ['rate limiter rejects', { subscriptions: SUBSCRIBED, throttle: createThrottle({ limiter: failingLimiter(new Error('db down')) }) }],
  ] as [string, KeyOnlyOverrides][])('%s: 503 store_unavailable with the store error as cause', async (_name, options) => {
    const { result, event } = await callWith(options);
    expect(result).toMatchObject({ ok: false, status: 503, reason: 'store_unavailable' });
    if (result.ok) return;
    expect(result.cause).toBeInstanceOf(KeygateError);
    expect((result.cause as KeygateError).cause).toMatchObject({ message: 'db down' });
    expect(event?.cause).toBe(result.cause);
    // Never serialised: not in JSON, not among the keys an adapter would copy.
    expect(JSON.stringify(result)).not.toContain('db down');
    expect(Object.keys(result)).not.toContain('cause');
  });

  it('a validator with no plugins still answers 500 for an object that is not a request', async () => {
    const { publicKey } = await sharedKeyPair();
    const validator = createValidator({ keys: [publicKey], subscriptions: SUBSCRIBED, apis: [PIZZA] });
    const hostile = { url: '/pizzashack/1.0.0/menu', get headers(): never { throw new Error('getter bug'); } };
    expect(await validator.validate(hostile)).toMatchObject({ ok: false, status: 500, reason: 'internal_error' });
  });
});
