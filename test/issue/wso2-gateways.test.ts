import { describe, expect, it } from 'vitest';
import { decodeKey, issueKey } from '../../src/issue/index.js';
import { APP_UUID, PIZZA, pizzaGateway, sharedKeyPair, signPizzaKey } from '../helpers/fixtures.js';

/**
 * WSO2's gateway, as far as it reads a full API key (carbon-apimgt's ApiKeyAuthenticator and
 * GatewayUtils.validateAPISubscription): the key's `subscribedAPIs` must hold the API's context
 * as deployed (with its version) and its version; `application.id` is parsed as an integer; the
 * key manager's `iss` is expected.
 */
function wso2Accepts(payload: Record<string, unknown>, apiContext: string, apiVersion: string, issuer: string): string | undefined {
  if (payload.iss !== issuer) return 'iss';
  const app = payload.application as { id?: unknown };
  if (!Number.isInteger(app.id)) return 'application.id';
  const apis = payload.subscribedAPIs as { context: string; version: string }[];
  return apis.some((api) => api.context === apiContext && api.version === apiVersion) ? undefined : 'subscribedAPIs';
}

const ISSUER = 'https://localhost:9443/oauth2/token';

describe('keys for WSO2 gateways', () => {
  it("writes full keys WSO2's way: iss, an integer application.id, versioned contexts, tierInfo per tier", async () => {
    const { privateKey } = await sharedKeyPair();
    const key = await issueKey({
      signingKey: privateKey,
      issuer: ISSUER,
      subject: 'kanchana',
      application: { uuid: APP_UUID, id: 35, name: 'DefaultApplication' },
      lightweight: false,
      subscriptions: [
        { name: 'PizzaShackAPI', context: '/pizzashack', version: '1.0.0', subscriptionTier: 'Gold' },
        { name: 'Orders', context: '/t/{version}/orders', version: 'v2' },
        { name: 'Already', context: '/already/2.0/', version: '2.0', subscriptionTier: 'Gold' },
      ],
      tierInfo: { Gold: { spikeArrestLimit: 10, spikeArrestUnit: 'sec' } },
    });
    const { payload } = decodeKey(key);
    expect(wso2Accepts(payload, '/pizzashack/1.0.0', '1.0.0', ISSUER)).toBeUndefined();
    expect(wso2Accepts(payload, '/t/v2/orders', 'v2', ISSUER)).toBeUndefined();
    expect((payload.subscribedAPIs as { context: string }[]).map((api) => api.context)).toEqual(['/pizzashack/1.0.0', '/t/v2/orders', '/already/2.0']);
    expect(payload.tierInfo).toEqual({
      Gold: { stopOnQuotaReach: true, spikeArrestLimit: 10, spikeArrestUnit: 'sec' },
      Unlimited: { stopOnQuotaReach: true, spikeArrestLimit: 0, spikeArrestUnit: null },
    });
  });

  it('and keygate accepts such keys, as it accepts keys listing the context without its version (keygate 0.2)', async () => {
    const gw = await pizzaGateway();
    for (const context of ['/pizzashack', '/pizzashack/1.0.0']) {
      const full = await gw.issue({ lightweight: false, subscriptions: [{ name: PIZZA.name, context, version: PIZZA.version }] });
      expect((decodeKey(full).payload.subscribedAPIs as { context: string }[])[0]!.context).toBe('/pizzashack/1.0.0');
      expect((await gw.call(full)).ok).toBe(true);
      const signed = await signPizzaKey({ subscribedAPIs: [{ name: PIZZA.name, context, version: PIZZA.version }] });
      expect((await gw.call(signed)).ok).toBe(true);
    }
    const other = await signPizzaKey({ subscribedAPIs: [{ name: PIZZA.name, context: '/pizzashack/2.0.0', version: PIZZA.version }] });
    expect(await gw.call(other)).toMatchObject({ ok: false, reason: 'not_subscribed' });
  });
});
