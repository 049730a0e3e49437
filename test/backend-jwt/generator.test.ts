import { createLocalJWKSet, decodeProtectedHeader, exportJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createBackendJwtGenerator } from '../../src/backend-jwt/generator.js';
import type { BackendJwtContext } from '../../src/backend-jwt/types.js';
import type { ApiKeyClaims } from '../../src/claims/types.js';
import { KeygateError } from '../../src/errors.js';
import { type KeyPair } from '../../src/index.js';
import { generateKeyPair } from '../../src/keys/index.js';
import { APP_UUID, PIZZA, sharedKeyPair } from '../helpers/fixtures.js';

const NOW = 1_800_000_000_000;
const claims: ApiKeyClaims = {
  sub: 'kanchana@carbon.super',
  iss: 'https://localhost:9443/oauth2/token',
  jti: 'a9ef01fb-d405-44a6-9ed2-6e7af52dd783',
  iat: 1_799_999_000,
  application: { uuid: APP_UUID, id: 35, name: 'DefaultApplication', owner: 'kanchana', tier: '50PerMin' },
  keytype: 'PRODUCTION',
  token_type: 'apiKey',
  tierInfo: { Gold: { stopOnQuotaReach: true } },
  permittedIP: '10.0.0.0/8',
  department: 'sales',
};
const ctx: BackendJwtContext = {
  apiKey: 'header.payload-of-kanchana.signature',
  claims,
  api: PIZZA,
  subscription: { applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'Gold' },
  keyType: 'PRODUCTION',
};

async function verifier(pair: KeyPair) {
  const jwk = { ...(await exportJWK(pair.publicKey.cryptoKey)), kid: pair.publicKey.alias, alg: pair.publicKey.alg };
  return createLocalJWKSet({ keys: [jwk] });
}

describe('backend JWT', () => {
  it("carries WSO2's claims, signed so that jose verifies it against the key's JWKS", async () => {
    const pair = await sharedKeyPair();
    const gen = createBackendJwtGenerator({ signingKey: pair.privateKey }, () => NOW);
    expect(gen.header).toBe('X-JWT-Assertion');
    const jwt = await gen.generate(ctx);
    expect(jwt).not.toContain('=');
    const { payload, protectedHeader } = await jwtVerify(jwt, await verifier(pair), {
      issuer: 'wso2.org/products/am',
      currentDate: new Date(NOW),
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: 'gateway_certificate_alias' });
    const c = 'http://wso2.org/claims/';
    expect(payload).toMatchObject({
      [`${c}subscriber`]: 'kanchana',
      [`${c}applicationid`]: '35',
      [`${c}applicationname`]: 'DefaultApplication',
      [`${c}applicationtier`]: '50PerMin',
      [`${c}apiname`]: 'PizzaShackAPI',
      [`${c}apicontext`]: '/pizzashack/1.0.0',
      [`${c}version`]: '1.0.0',
      [`${c}tier`]: 'Gold',
      [`${c}keytype`]: 'PRODUCTION',
      [`${c}usertype`]: 'Application_User',
      [`${c}enduser`]: 'kanchana@carbon.super',
      [`${c}enduserTenantId`]: '-1234',
      [`${c}applicationUUId`]: APP_UUID,
      keytype: 'PRODUCTION',
      token_type: 'apiKey',
      permittedIP: '10.0.0.0/8',
      department: 'sales',
      iat: NOW / 1000,
      exp: NOW / 1000 + 900,
    });
    for (const excluded of ['sub', 'application', 'tierInfo', 'subscribedAPIs', 'aud', 'nbf']) expect(payload).not.toHaveProperty(excluded);
    expect(payload.jti).not.toBe(claims.jti);
  });

  it('lets a hook add, rename and drop claims, and honours header, issuer, ttl and exclusions', async () => {
    const pair = await generateKeyPair({ alg: 'ES256', alias: 'backend' });
    const gen = createBackendJwtGenerator(
      {
        signingKey: pair.privateKey,
        header: 'X-Backend-JWT',
        issuer: 'gw.example.com',
        ttl: 60,
        enduserTenantId: '1',
        excludedClaims: ['permittedIP'],
        claims: (c, { api }) => {
          const { department, ...rest } = c;
          return { ...rest, dept: department, api: api.name };
        },
      },
      () => NOW,
    );
    expect(gen.header).toBe('X-Backend-JWT');
    const { payload } = await jwtVerify(await gen.generate(ctx), await verifier(pair), { currentDate: new Date(NOW) });
    expect(payload).toMatchObject({ iss: 'gw.example.com', dept: 'sales', api: 'PizzaShackAPI', exp: NOW / 1000 + 60 });
    expect(payload['http://wso2.org/claims/enduserTenantId']).toBe('1');
    expect(payload).not.toHaveProperty('department');
    expect(payload).not.toHaveProperty('permittedIP');
  });

  it('never lets the JWT outlive the API key', async () => {
    const pair = await sharedKeyPair();
    const gen = createBackendJwtGenerator({ signingKey: pair.privateKey }, () => NOW);
    const jwt = await gen.generate({ ...ctx, claims: { ...claims, exp: NOW / 1000 + 10 } });
    const { payload } = await jwtVerify(jwt, await verifier(pair), { currentDate: new Date(NOW) });
    expect(payload.exp).toBe(NOW / 1000 + 10);
  });

  it('reuses a JWT per API and key while it has time left, and drops it on eviction', async () => {
    const pair = await sharedKeyPair();
    let t = NOW;
    let hookCalls = 0;
    const gen = createBackendJwtGenerator({ signingKey: pair.privateKey, ttl: 300, claims: (c) => (hookCalls++, c) }, () => t);
    const [a, b] = await Promise.all([gen.generate(ctx), gen.generate(ctx)]);
    expect(a).toBe(b);
    expect(hookCalls).toBe(1);
    t += 269_000; // 300 s ttl, reused until 30 s before exp
    expect(await gen.generate(ctx)).toBe(a);
    const otherApi = await gen.generate({ ...ctx, api: { ...PIZZA, version: '2.0.0' } });
    expect(otherApi).not.toBe(a);
    t += 1000;
    const renewed = await gen.generate(ctx);
    expect(renewed).not.toBe(a);
    gen.evict(claims.jti);
    expect(await gen.generate(ctx)).not.toBe(renewed);
    expect(hookCalls).toBe(4);
  });

  it('puts x5t in the header when the key came from a certificate', async () => {
    const pair = await sharedKeyPair();
    const signingKey = { ...pair.privateKey, certificate: { sha1Hex: '', sha256Hex: '', x5t: 'WDV0', x5tS256: '' } };
    const jwt = await createBackendJwtGenerator({ signingKey }, () => NOW).generate(ctx);
    expect(decodeProtectedHeader(jwt).x5t).toBe('WDV0');
  });

  it('refuses bad options, and fails (uncached) when the hook does', async () => {
    const { privateKey, publicKey } = await sharedKeyPair();
    const bad: unknown[] = [
      undefined,
      { signingKey: publicKey },
      { signingKey: privateKey, header: 'X JWT' },
      { signingKey: privateKey, ttl: 0 },
      { signingKey: privateKey, ttl: Infinity },
      { signingKey: privateKey, excludedClaims: 'sub' },
      { signingKey: privateKey, claims: 'x' },
      { signingKey: privateKey, cacheSize: 0 },
      { signingKey: privateKey, issuer: 5 },
    ];
    for (const options of bad) expect(() => createBackendJwtGenerator(options as never)).toThrow(KeygateError);
    let fail = true;
    const gen = createBackendJwtGenerator({
      signingKey: privateKey,
      claims: (c) => {
        if (fail) throw new Error('hook down');
        return c;
      },
    });
    await expect(gen.generate(ctx)).rejects.toThrow('hook down');
    fail = false;
    await expect(gen.generate(ctx)).resolves.toMatch(/^ey/);
    const nullHook = createBackendJwtGenerator({ signingKey: privateKey, claims: () => null as never });
    await expect(nullHook.generate(ctx)).rejects.toThrow(/must return an object/);
  });
});
