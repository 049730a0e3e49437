import { describe, expect, it } from 'vitest';
import type { SubscriptionStatus, ValidationResult } from '../../src/index.js';
import { looksLikeApiKey } from '../../src/claims/check.js';
import { APP_UUID, PIZZA, pizzaGateway, signPizzaKey } from '../helpers/fixtures.js';

const reasonOf = (r: ValidationResult) => (r.ok ? 'ok' : r.reason);

describe("validate: WSO2's token rules", () => {
  it("refuses an OAuth-shaped JWT: application and consumerKey without token_type (WSO2's GatewayUtils.isAPIKey)", async () => {
    const gw = await pizzaGateway();
    const oauth = await signPizzaKey({ token_type: undefined, consumerKey: 'Xq0M5dv5hEt8N0kBq7SPgaFBS8ga' });
    const r = await gw.call(oauth);
    expect(r.ok ? 'ok' : [r.status, r.code, r.reason]).toEqual([401, 900901, 'not_an_api_key']);
  });

  it('accepts a key that says token_type apiKey, consumerKey or not; and an old key with application only', async () => {
    const gw = await pizzaGateway();
    expect(reasonOf(await gw.call(await signPizzaKey({ consumerKey: 'x' })))).toBe('ok');
    expect(reasonOf(await gw.call(await signPizzaKey({ token_type: undefined })))).toBe('ok');
    expect(reasonOf(await gw.call(await signPizzaKey({ token_type: 'access_token' })))).toBe('not_an_api_key');
    expect([looksLikeApiKey({ application: {}, consumerKey: 'k' }), looksLikeApiKey({ application: {} }), looksLikeApiKey({ token_type: 'apiKey' })]).toEqual([false, true, true]);
  });

  it('takes a key without keytype for a PRODUCTION key, as WSO2 does', async () => {
    const gw = await pizzaGateway({ apis: [{ ...PIZZA, keyTypes: ['PRODUCTION'] }] });
    const r = await gw.call(await signPizzaKey({ keytype: undefined }));
    expect(r.ok && [r.keyType, r.environment, r.claims.keytype]).toEqual(['PRODUCTION', 'PRODUCTION', 'PRODUCTION']);
    expect(reasonOf(await gw.call(await signPizzaKey({ keytype: 'DEV' })))).toBe('malformed_key');
  });

  it('names the claim a signed key gets wrong, and nothing of its value', async () => {
    const gw = await pizzaGateway();
    const bad = { keytype: 'DEV', jti: '', exp: 'soon', subscribedAPIs: [{ context: '/pizzashack' }], tierInfo: 'Gold' };
    for (const [claim, value] of Object.entries(bad)) {
      const r = await gw.call(await signPizzaKey({ [claim]: value }));
      expect(r.ok ? 'ok' : [r.reason, r.description]).toEqual(['malformed_key', `The API key is malformed: its ${claim} claim is not valid`]);
    }
    const app = await gw.call(await signPizzaKey({ application: { uuid: APP_UUID, id: 'x' } }));
    expect(app.ok ? 'ok' : app.description).toBe('The API key is malformed: its application.id claim is not valid');
  });

  it('lets TIER_UPDATE_PENDING subscriptions through (the old tier applies until approved); blocks the others', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue();
    const outcomes: Record<string, string> = {};
    for (const status of ['UNBLOCKED', 'TIER_UPDATE_PENDING', 'BLOCKED', 'ON_HOLD', 'REJECTED', 'PROD_ONLY_BLOCKED'] as SubscriptionStatus[]) {
      gw.subscriptions.update({ applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'Gold', status });
      outcomes[status] = reasonOf(await gw.call(key));
    }
    expect(outcomes).toEqual({
      UNBLOCKED: 'ok',
      TIER_UPDATE_PENDING: 'ok',
      BLOCKED: 'subscription_blocked',
      ON_HOLD: 'subscription_blocked',
      REJECTED: 'subscription_blocked',
      PROD_ONLY_BLOCKED: 'subscription_blocked',
    });
    const pending = await gw.call(key);
    expect(pending.ok).toBe(false);
    gw.subscriptions.update({ applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'Gold', status: 'TIER_UPDATE_PENDING' });
    const passed = await gw.call(key);
    expect(passed.ok && passed.subscription.tier).toBe('Gold');
  });
});
