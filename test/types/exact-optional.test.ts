import { describe, expect, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator, issueKey, type Subscription } from '../../src/index.js';
import { createValidationCache } from '../../src/gateway/index.js';
import { PIZZA, sharedKeyPair } from '../helpers/fixtures.js';

/*
 * Checked by `npm run typecheck` (tsconfig.test.json has exactOptionalPropertyTypes): users with
 * that setting can pass `row.x ?? undefined` for any optional field, as database rows give them.
 */
interface Row {
  readonly app: string;
  readonly tier: string | null;
  readonly ttl: number | null;
}

describe('optional fields accept undefined (exactOptionalPropertyTypes)', () => {
  it('in stores, options and issuing', async () => {
    const row: Row = { app: 'app-1', tier: null, ttl: null };
    const subscription: Subscription = { applicationUuid: row.app, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: row.tier ?? undefined, status: undefined };
    const { publicKey, privateKey } = await sharedKeyPair();
    const validator = createValidator({
      keys: [publicKey],
      subscriptions: createMemorySubscriptionStore([subscription]),
      apis: [{ ...PIZZA, header: undefined, basePath: undefined }],
      revocations: undefined,
      cache: createValidationCache({ ttl: row.ttl ?? undefined }),
    });
    const key = await issueKey({ signingKey: privateKey, application: { uuid: row.app, tier: row.tier ?? undefined }, validityPeriod: row.ttl ?? undefined });
    expect((await validator.validate({ url: '/pizzashack/1.0.0/menu', headers: { apikey: key } }, { clientIp: undefined })).ok).toBe(true);
  });
});
