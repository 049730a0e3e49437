import { describe, expect, it } from 'vitest';
import { pizzaGateway, signPizzaKey } from '../helpers/fixtures.js';

/*
 * Finding: WSO2's key managers sign OAuth access tokens (JWTs with `application` and
 * `consumerKey`) with the same key as API keys. keygate took such a token for an API key when it
 * had no `token_type`, so an OAuth token could call APIs secured by API keys. WSO2's gateway
 * (GatewayUtils.isAPIKey) refuses it; so does keygate now.
 */
describe('security: OAuth access tokens are not API keys', () => {
  it('refuses a JWT with application and consumerKey and no token_type: 401 900901', async () => {
    const gw = await pizzaGateway();
    const oauth = await signPizzaKey({
      token_type: undefined,
      consumerKey: 'Xq0M5dv5hEt8N0kBq7SPgaFBS8ga',
      scope: 'default',
      aut: 'APPLICATION',
      azp: 'Xq0M5dv5hEt8N0kBq7SPgaFBS8ga',
    });
    expect(await gw.call(oauth)).toMatchObject({ ok: false, status: 401, code: 900901, reason: 'not_an_api_key' });
  });

  it('refuses an OAuth token that names its own token_type, consumerKey or not', async () => {
    const gw = await pizzaGateway();
    for (const claims of [{ token_type: 'Bearer', consumerKey: 'k' }, { token_type: 'Bearer' }]) {
      expect(await gw.call(await signPizzaKey(claims))).toMatchObject({ ok: false, reason: 'not_an_api_key' });
    }
  });
});
