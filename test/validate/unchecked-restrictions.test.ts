import { describe, expect, it } from 'vitest';
import { createValidator, type ValidationResult } from '../../src/index.js';
import { createRestrictions } from '../../src/restrict/index.js';
import { expectKeygateError } from '../helpers/errors.js';
import { MENU_URL, PIZZA, pizzaGateway, sharedKeyPair, signPizzaKey } from '../helpers/fixtures.js';

/*
 * A validator without the restrictions plugin (keygate/restrict) cannot tell whether a restricted
 * key may make a call: it refuses every key that carries a restriction, as the plugin would refuse
 * a call it does not allow (403, 900908), and lets keys without restrictions through.
 */
type Gateway = Awaited<ReturnType<typeof pizzaGateway>>;

const call = (gw: Gateway, key: string, headers: Record<string, string> = {}): Promise<ValidationResult> =>
  gw.validator.validate({ url: MENU_URL, headers: { apikey: key, ...headers } }, { clientIp: '10.1.2.3' });

function refusedWith(result: ValidationResult, reason: 'ip_restricted' | 'referrer_restricted'): string {
  expect(result.ok).toBe(false);
  if (result.ok) return '';
  expect([result.status, result.code, result.reason, result.message]).toEqual([403, 900908, reason, 'Resource forbidden']);
  return result.description;
}

describe('validate without the restrictions plugin: fails closed', () => {
  it('refuses a key restricted to IP addresses, even from an address it allows, without echoing the claim', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue({ permittedIPs: ['10.0.0.0/8'] });
    const description = refusedWith(await call(gw, key), 'ip_restricted');
    // Worded as the plugin would refuse it: the client learns nothing of the gateway's configuration.
    expect(description).toBe("Access forbidden for the invocations: the key's IP restriction does not allow this call");
    expect(description).not.toContain('10.');
  });

  it('refuses a key restricted to referrers, even with a Referer it allows, without echoing the claim', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue({ permittedReferrers: ['app.example.com'] });
    const description = refusedWith(await call(gw, key, { referer: 'https://app.example.com/' }), 'referrer_restricted');
    expect(description).toBe(
      "Access forbidden for the invocations: the key's referrer restriction does not allow this call",
    );
    expect(description).not.toContain('example');
  });

  it('names the IP restriction first when a key carries both, as the plugin checks it first', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue({ permittedIPs: ['10.0.0.0/8'], permittedReferrers: ['app.example.com'] });
    refusedWith(await call(gw, key, { referer: 'https://app.example.com/' }), 'ip_restricted');
  });

  it('refuses restriction claims it could not even read (signed by another issuer), empty ones included', async () => {
    const gw = await pizzaGateway();
    for (const [claims, reason] of [
      [{ permittedIP: '' }, 'ip_restricted'],
      [{ permittedIP: '010.0.0.1' }, 'ip_restricted'],
      [{ permittedReferer: '' }, 'referrer_restricted'],
    ] as const) {
      refusedWith(await call(gw, await signPizzaKey(claims)), reason);
    }
  });

  it('lets a key without restrictions through, reporting the client address', async () => {
    const gw = await pizzaGateway();
    const result = await call(gw, await gw.issue());
    expect(result.ok && result.clientIp).toBe('10.1.2.3');
  });

  it('refuses a restrictions option that is not the plugin when the validator is built', async () => {
    const { publicKey } = await sharedKeyPair();
    const options = { keys: [publicKey], subscriptions: { find: async () => undefined }, apis: [PIZZA] };
    expect(expectKeygateError(() => createValidator({ ...options, restrictions: {} as never }), 'ERR_INVALID_OPTION')).toBe(
      'restrictions must be made by createRestrictions() from keygate/restrict',
    );
    createValidator({ ...options, restrictions: createRestrictions() });
  });
});
