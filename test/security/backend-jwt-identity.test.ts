import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator } from '../../src/index.js';
import { createBackendJwt, createValidationCache } from '../../src/gateway/index.js';
import { sharedKeyPair, signWso2Style } from '../helpers/fixtures.js';

/*
 * Finding: the backend-JWT cache was keyed by `jti` alone, so two keys of different applications
 * that share a `jti` got the same backend JWT and the upstream saw the wrong caller. It is now
 * keyed by the whole verified key (a keyed digest), the API, the key type and the tier.
 */

const API = { name: 'Orders', context: '/orders', version: 'v1' };
const claim = (jwt: string | undefined, name: string): unknown => decodeJwt(jwt!)[`http://wso2.org/claims/${name}`];

describe('security: the backend JWT names the caller of each key, whatever its jti', () => {
  it.each([false, true])('two applications, one jti (validation cache: %s)', async (cached) => {
    const { publicKey, privateKey } = await sharedKeyPair();
    const subscriptions = createMemorySubscriptionStore([
      { applicationUuid: 'app-alice', apiContext: '/orders', apiVersion: 'v1' },
      { applicationUuid: 'app-mallory', apiContext: '/orders', apiVersion: 'v1' },
    ]);
    const validator = createValidator({
      keys: [publicKey],
      subscriptions,
      apis: [API],
      backendJwt: createBackendJwt({ signingKey: privateKey }),
      ...(cached ? { cache: createValidationCache() } : {}),
    });
    // Two issuers (or one careless one) minted keys with the same jti for different callers.
    const keyFor = (sub: string, uuid: string) =>
      signWso2Style(
        { kid: privateKey.alias, typ: 'JWT', alg: privateKey.alg },
        { sub, jti: 'shared-jti-1', application: { uuid, id: 1 }, keytype: 'PRODUCTION', token_type: 'apiKey' },
        privateKey,
      );
    const alice = await keyFor('alice', 'app-alice');
    const mallory = await keyFor('mallory', 'app-mallory');
    const call = (key: string) => validator.validate({ url: '/orders/v1/list', headers: { apikey: key } });

    const first = await call(alice);
    const second = await call(mallory);
    const again = await call(alice);
    expect(first.ok && second.ok && again.ok).toBe(true);
    if (!first.ok || !second.ok || !again.ok) return;
    expect([claim(first.backendJwt, 'applicationUUId'), claim(first.backendJwt, 'enduser')]).toEqual(['app-alice', 'alice']);
    expect([claim(second.backendJwt, 'applicationUUId'), claim(second.backendJwt, 'enduser')]).toEqual(['app-mallory', 'mallory']);
    // The same key still reuses its own JWT.
    expect(again.backendJwt).toBe(first.backendJwt);
  });
});
