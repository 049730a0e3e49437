/** src/validate/verify-token.ts: what a refusal found while verifying the token tells the caller. */
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/keys/index.js';
import { issueKey } from '../../src/issue/index.js';
import { APP_UUID, pizzaGateway, signWso2Style } from '../helpers/fixtures.js';

describe('verifying the token', () => {
  it("an unknown kid's description names the kid, cut to 64 characters and escaped", async () => {
    const gw = await pizzaGateway();
    const other = await generateKeyPair({ alias: 'signing-2026' });
    const plain = await gw.call(await issueKey({ signingKey: other.privateKey, application: { uuid: APP_UUID } }));
    expect(plain.ok ? '' : plain.description).toBe('The API key is signed by a key this gateway does not trust (kid "signing-2026")');
    const claims = { application: { uuid: APP_UUID }, keytype: 'PRODUCTION', token_type: 'apiKey', jti: 'j1' };
    const hostile = `a"b\n\u0000\u202e\u2028${'x'.repeat(200)}`;
    const r = await gw.call(await signWso2Style({ kid: hostile, alg: 'RS256' }, claims, gw.pair.privateKey));
    expect(r.ok ? '' : r.reason).toBe('unknown_kid');
    expect(r.ok ? '' : r.description).toBe(
      `The API key is signed by a key this gateway does not trust (kid "a\\"b\\n\\u0000\\u202e\\u2028${'x'.repeat(57)}…")`,
    );
  });
});
