import { describe, expect, it } from 'vitest';
import { createMemoryRevocationStore, createMemorySubscriptionStore, createValidator, KeygateError, MAX_CLOCK_TOLERANCE, type RevocationStore } from '../../src/index.js';
import { issueKey, revokeKey } from '../../src/issue/index.js';
import { APP_UUID, PIZZA, sharedKeyPair } from '../helpers/fixtures.js';

/*
 * Finding: with a validator clockTolerance above revokeKey's retention (300 s), a revoked key
 * validated again between exp + 301 s and exp + tolerance. Now every store keeps a revocation
 * MAX_CLOCK_TOLERANCE past exp, whoever calls it, and no validator tolerates more than that.
 */

const T0 = 1_900_000_000_000;

async function setup(tolerance: number, revoke: (store: RevocationStore, key: string, exp: number) => Promise<unknown>) {
  const { publicKey, privateKey } = await sharedKeyPair();
  let now = T0;
  const revocations = createMemoryRevocationStore({ now: () => now });
  const validator = createValidator({
    keys: [publicKey],
    subscriptions: createMemorySubscriptionStore([{ applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version }]),
    revocations,
    apis: [PIZZA],
    clockTolerance: tolerance,
    now: () => now,
  });
  const key = await issueKey({ signingKey: privateKey, application: { uuid: APP_UUID, id: 1 }, validityPeriod: 60, now: () => T0 });
  await revoke(revocations, key, T0 / 1000 + 60);
  const at = async (seconds: number) => {
    now = T0 + seconds * 1000;
    return validator.validate({ url: '/pizzashack/1.0.0/menu', headers: { apikey: key } });
  };
  return { at };
}

describe('security: a revoked key is never accepted again', () => {
  it.each([
    ['revokeKey', (store: RevocationStore, key: string) => revokeKey(store, key)],
    ['store.revoke(jti, exp) called directly', async (store: RevocationStore, key: string, exp: number) => {
      const payload = JSON.parse(atob(key.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { jti: string };
      await store.revoke(payload.jti, exp);
    }],
  ] as const)('with the largest clockTolerance, at every second past exp (%s)', async (_name, revoke) => {
    const { at } = await setup(MAX_CLOCK_TOLERANCE, revoke);
    for (let s = 0; s <= 60 + MAX_CLOCK_TOLERANCE + 5; s += 1) {
      const result = await at(s);
      expect(result.ok, `accepted at T0 + ${s} s`).toBe(false);
    }
  });

  it('refuses a clockTolerance above MAX_CLOCK_TOLERANCE (300 s) at createValidator', async () => {
    const { publicKey } = await sharedKeyPair();
    const build = (clockTolerance: number) => () =>
      createValidator({ keys: [publicKey], subscriptions: createMemorySubscriptionStore([]), apis: [PIZZA], clockTolerance });
    expect(MAX_CLOCK_TOLERANCE).toBe(300);
    expect(build(300)).not.toThrow();
    expect(build(301)).toThrow(KeygateError);
    expect(build(3600)).toThrow(/at most 300 s/);
  });

  it('refuses the retention option that made the window (revokeKey clockTolerance)', async () => {
    await expect(revokeKey(createMemoryRevocationStore(), 'jti', { clockTolerance: 0 } as never)).rejects.toThrow(/no longer takes clockTolerance/);
  });
});
