import * as jose from 'jose';
import { describe, expect, it } from 'vitest';
import { exportJwks, importPublicKey } from '../../src/keys/index.js';
import { APP_UUID, pizzaGateway } from '../helpers/fixtures.js';

describe('interop with jose', () => {
  it('our keys verify with jose.jwtVerify against exportJwks', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue({ validityPeriod: 600 });
    const jwks = jose.createLocalJWKSet(await exportJwks([gw.pair.publicKey]));
    const { payload, protectedHeader } = await jose.jwtVerify(key, jwks, { algorithms: ['RS256'], typ: 'JWT' });
    expect(protectedHeader.kid).toBe('gateway_certificate_alias');
    expect(payload).toMatchObject({ application: { uuid: APP_UUID }, token_type: 'apiKey', keytype: 'PRODUCTION' });
  });

  it('a key signed by jose with WSO2 claims validates here', async () => {
    const gw = await pizzaGateway();
    const josePair = await jose.generateKeyPair('RS256', { extractable: true });
    const trusted = await importPublicKey(await jose.exportSPKI(josePair.publicKey), { alias: 'jose_alias', alg: 'RS256' });
    const apiKey = await new jose.SignJWT({
      application: { owner: 'kanchana', tier: 'Unlimited', name: 'DefaultApplication', id: 35, uuid: APP_UUID },
      keytype: 'PRODUCTION',
      token_type: 'apiKey',
      subscribedAPIs: [{ name: 'PizzaShackAPI', context: '/pizzashack/1.0.0', version: '1.0.0', publisher: 'admin', subscriptionTier: 'Unlimited', subscriberTenantDomain: 'carbon.super' }],
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'jose_alias', typ: 'JWT' })
      .setSubject('kanchana')
      .setIssuedAt()
      .setExpirationTime('1h')
      .setJti(crypto.randomUUID())
      .sign(josePair.privateKey);
    const withJoseKey = await pizzaGateway({ keys: [gw.pair.publicKey, trusted] });
    const r = await withJoseKey.call(apiKey);
    expect(r.ok).toBe(true);
  });
});
