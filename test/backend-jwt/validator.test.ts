import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { type Jwk } from '../../src/index.js';
import { exportJwks, generateKeyPair } from '../../src/keys/index.js';
import { APP_UUID, pizzaGateway } from '../helpers/fixtures.js';
import { createBackendJwt } from '../../src/gateway/index.js';

describe('validate with createBackendJwt', () => {
  it('hands the upstream a JWT that jose verifies against the signing key JWKS', async () => {
    const backend = await generateKeyPair({ alias: 'backend-signer' });
    const gw = await pizzaGateway({ backendJwt: createBackendJwt({ signingKey: backend.privateKey }) });
    const key = await gw.issue({ subject: 'kanchana@carbon.super' });
    const r = await gw.call(key);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.backendJwtHeader).toBe('X-JWT-Assertion');
    const jwks = createLocalJWKSet((await exportJwks([backend.publicKey])) as { keys: Jwk[] });
    const { payload, protectedHeader } = await jwtVerify(r.backendJwt!, jwks, { issuer: 'wso2.org/products/am' });
    expect(protectedHeader.kid).toBe('backend-signer');
    expect(payload).toMatchObject({
      'http://wso2.org/claims/apiname': 'PizzaShackAPI',
      'http://wso2.org/claims/apicontext': '/pizzashack/1.0.0',
      'http://wso2.org/claims/applicationUUId': APP_UUID,
      'http://wso2.org/claims/tier': 'Unlimited',
      'http://wso2.org/claims/enduser': 'kanchana@carbon.super',
      'http://wso2.org/claims/keytype': 'PRODUCTION',
    });
    const again = await gw.call(key);
    expect(again.ok && again.backendJwt).toBe(r.backendJwt);
  });

  it('refuses the call (500) rather than forward it without its JWT', async () => {
    const backend = await generateKeyPair();
    const gw = await pizzaGateway({
      backendJwt: createBackendJwt({
        signingKey: backend.privateKey,
        claims: () => {
          throw new Error('claims service down');
        },
      }),
    });
    const r = await gw.call(await gw.issue());
    expect(!r.ok && [r.status, r.reason]).toEqual([500, 'internal_error']);
  });

  it('refuses a bad backendJwt option at construction', async () => {
    const { publicKey } = await generateKeyPair();
    expect(() => createBackendJwt({ signingKey: publicKey as never })).toThrow(/signingKey/);
    // The options object of earlier versions, passed straight to the validator: told which factory to use.
    await expect(pizzaGateway({ backendJwt: { signingKey: publicKey } as never })).rejects.toThrow(
      'backendJwt must be made by createBackendJwt({ signingKey }) from keygate/gateway',
    );
  });
});
