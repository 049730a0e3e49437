/**
 * A subscriber cannot lift an operator's decision on a subscription by deleting it and subscribing
 * again (the new subscription would be UNBLOCKED, and the application's keys would work again).
 */
import { describe, expect, it } from 'vitest';
import { subscriptionIdOf } from '../../src/service/ids.js';
import { DEFAULT_APP, PIZZA, setUpService } from '../service/harness.js';

const GOLD = { applicationUuid: DEFAULT_APP.uuid, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'Gold' };

describe('the key service and subscriptions an operator decided on (security)', () => {
  it.each(['BLOCKED', 'PROD_ONLY_BLOCKED', 'ON_HOLD', 'REJECTED'] as const)('a %s subscription cannot be deleted by its subscriber', async (status) => {
    const s = await setUpService();
    const key = (await s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/generate`, {})).body.apikey as string;
    s.subscriptions.update({ ...GOLD, status });
    expect((await s.callGateway(key)).ok).toBe(false);
    const deleted = await s.kanchana('DELETE', `/subscriptions/${subscriptionIdOf(GOLD)}`);
    expect(deleted.status).toBe(409);
    expect(deleted.body.description).toContain(status);
    const again = await s.kanchana('POST', '/subscriptions', { applicationId: DEFAULT_APP.uuid, apiId: (await s.kanchana('GET', '/apis')).body.list[0].id, throttlingPolicy: 'Unlimited' });
    expect(again.status).toBe(409); // still subscribed, still blocked
    expect((await s.callGateway(key)).ok).toBe(false);
  });

  it('an active subscription is deleted as before', async () => {
    const s = await setUpService();
    s.subscriptions.update({ ...GOLD, status: 'TIER_UPDATE_PENDING' });
    expect((await s.kanchana('DELETE', `/subscriptions/${subscriptionIdOf(GOLD)}`)).status).toBe(200);
    expect(s.subscriptions.find(GOLD.applicationUuid, GOLD.apiContext, GOLD.apiVersion)).toBeUndefined();
  });
});
