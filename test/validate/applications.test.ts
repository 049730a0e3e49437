import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Application, ApplicationStore, Jwk, ValidationResult } from '../../src/index.js';
import { exportJwks, generateKeyPair } from '../../src/keys/index.js';
import { createBackendJwt, createMemoryApplicationStore, createThrottle } from '../../src/gateway/index.js';
import { expectKeygateError } from '../helpers/errors.js';
import { APP_UUID, PIZZA, pizzaGateway } from '../helpers/fixtures.js';

const DEFAULT_APP: Application = { uuid: APP_UUID, id: 35, name: 'DefaultApplication', owner: 'kanchana', tier: 'Unlimited', attributes: { team: 'pizza' } };
const lightweight = { application: { uuid: APP_UUID, id: 35 } };

const refusal = (r: ValidationResult) => (r.ok ? 'ok' : [r.status, r.code, r.reason, r.description]);

describe('validate: applications', () => {
  it("resolves a lightweight key's application from the store: the result carries it", async () => {
    const gw = await pizzaGateway({ applications: createMemoryApplicationStore([DEFAULT_APP]) });
    const r = await gw.call(await gw.issue(lightweight));
    expect(r.ok && r.application).toEqual(DEFAULT_APP);
    expect(r.ok && r.applicationUuid).toBe(APP_UUID);
  });

  it('without a store, the application is what the key says (a lightweight key: uuid and id)', async () => {
    const gw = await pizzaGateway();
    const r = await gw.call(await gw.issue(lightweight));
    expect(r.ok && r.application).toEqual({ id: 35, uuid: APP_UUID });
  });

  it("the store's record wins over a full key's claims (the key may be stale)", async () => {
    const gw = await pizzaGateway({ applications: createMemoryApplicationStore([{ ...DEFAULT_APP, name: 'Renamed', tier: '10PerMin' }]) });
    const stale = await gw.issue({
      lightweight: false,
      subscriptions: [{ name: PIZZA.name, context: PIZZA.context, version: PIZZA.version }],
    });
    const r = await gw.call(stale);
    expect(r.ok && [r.application.name, r.application.tier, r.claims.application.name]).toEqual(['Renamed', '10PerMin', 'DefaultApplication']);
  });

  it('refuses an application the store does not know: 403 900908, unknown_application', async () => {
    const gw = await pizzaGateway({ applications: createMemoryApplicationStore() });
    expect(refusal(await gw.call(await gw.issue(lightweight)))).toEqual([403, 900908, 'unknown_application', "The API key's application is not known to this gateway"]);
  });

  it.each(['CREATED', 'ON_HOLD', 'REJECTED', 'DELETE_PENDING'] as const)('refuses an application that is %s: 403 900908, application_blocked', async (status) => {
    const gw = await pizzaGateway({ applications: createMemoryApplicationStore([{ ...DEFAULT_APP, status }]) });
    expect(refusal(await gw.call(await gw.issue(lightweight)))).toEqual([403, 900908, 'application_blocked', `The application is ${status}`]);
  });

  it('lets an APPROVED application through, and refuses it from the next call once removed', async () => {
    const applications = createMemoryApplicationStore([{ ...DEFAULT_APP, status: 'APPROVED' }]);
    const gw = await pizzaGateway({ applications });
    const key = await gw.issue(lightweight);
    expect((await gw.call(key)).ok).toBe(true);
    applications.remove(APP_UUID);
    expect(refusal(await gw.call(key))).toContain('unknown_application');
  });

  it('asks the application store in the same round trip as the revocation and subscription stores', async () => {
    const asked: string[] = [];
    let release!: () => void;
    const allAsked = new Promise<void>((resolve) => (release = resolve));
    const memory = await pizzaGateway();
    const applications: ApplicationStore = {
      async find(uuid) {
        asked.push('application');
        release();
        return uuid === APP_UUID ? DEFAULT_APP : undefined;
      },
    };
    const gw = await pizzaGateway({
      // Each answers only once the application store has been asked: asking in turn would hang.
      revocations: { isRevoked: async () => (asked.push('revocation'), await allAsked, false), revoke: () => undefined },
      subscriptions: { find: async (a: string, c: string, v: string) => (asked.push('subscription'), await allAsked, memory.subscriptions.find(a, c, v)) },
      applications,
    });
    const r = await gw.call(await gw.issue(lightweight));
    expect(r.ok && r.application.name).toBe('DefaultApplication');
    expect(asked).toEqual(['revocation', 'subscription', 'application']);
  });

  it('fails closed with 503 when the application store fails, thrown or rejected', async () => {
    for (const find of [() => { throw new Error('db down'); }, () => Promise.reject(new Error('db down'))]) {
      const gw = await pizzaGateway({ applications: { find } as ApplicationStore });
      const r = await gw.call(await gw.issue(lightweight));
      expect(refusal(r)).toContain('store_unavailable');
      expect(!r.ok && (r.cause as { cause?: Error }).cause?.message).toBe('db down');
    }
  });

  it('refuses an applications option that is not a store', async () => {
    await expect(pizzaGateway({ applications: {} as never })).rejects.toThrow('applications must be an ApplicationStore');
    expectKeygateError(() => createMemoryApplicationStore([{ uuid: 'x' } as never]), 'ERR_INVALID_OPTION', 'application.name');
  });

  it("throttles by the store's application tier, per application and end user, where the key names no tier", async () => {
    const clock = { now: 1_800_000_000_000 };
    const gw = await pizzaGateway({
      now: () => clock.now,
      applications: createMemoryApplicationStore([{ ...DEFAULT_APP, tier: 'Two' }]),
      throttle: createThrottle({ tiers: { Two: { requests: 2, periodSeconds: 60 } } }),
    });
    const ana = await gw.issue({ ...lightweight, subject: 'ana' });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await gw.call(ana));
    expect(results.map((r) => (r.ok ? 200 : r.status))).toEqual([200, 200, 429]);
    const [first] = results;
    expect(first?.ok && first.rateLimit).toEqual({ level: 'application', tier: 'Two', limit: 2, periodSeconds: 60, remaining: 1, resetAfter: 30 });
    // Another end user of the same application has a quota of its own (WSO2: appId:authorizedUser).
    expect((await gw.call(await gw.issue({ ...lightweight, subject: 'bob' }))).ok).toBe(true);
  });

  it("signs the backend JWT with the store's subscriber, name, tier, id and attributes", async () => {
    const backend = await generateKeyPair({ alias: 'backend' });
    const gw = await pizzaGateway({
      applications: createMemoryApplicationStore([DEFAULT_APP]),
      backendJwt: createBackendJwt({ signingKey: backend.privateKey }),
    });
    const r = await gw.call(await gw.issue({ ...lightweight, subject: 'ana' }));
    if (!r.ok) throw new Error(r.description);
    const jwks = createLocalJWKSet((await exportJwks([backend.publicKey])) as { keys: Jwk[] });
    const { payload } = await jwtVerify(r.backendJwt!, jwks);
    expect(payload).toMatchObject({
      'http://wso2.org/claims/subscriber': 'kanchana',
      'http://wso2.org/claims/applicationid': '35',
      'http://wso2.org/claims/applicationname': 'DefaultApplication',
      'http://wso2.org/claims/applicationtier': 'Unlimited',
      'http://wso2.org/claims/applicationAttributes': { team: 'pizza' },
      'http://wso2.org/claims/applicationUUId': APP_UUID,
      'http://wso2.org/claims/enduser': 'ana',
    });
  });

  it('signs a new backend JWT when the application changes in the store', async () => {
    const backend = await generateKeyPair({ alias: 'backend' });
    const applications = createMemoryApplicationStore([DEFAULT_APP]);
    const gw = await pizzaGateway({ applications, backendJwt: createBackendJwt({ signingKey: backend.privateKey }) });
    const key = await gw.issue(lightweight);
    const first = await gw.call(key);
    const again = await gw.call(key);
    expect(first.ok && again.ok && first.backendJwt === again.backendJwt).toBe(true); // cached
    applications.update({ ...DEFAULT_APP, name: 'Renamed' });
    const renamed = await gw.call(key);
    expect(renamed.ok && renamed.backendJwt).not.toBe(first.ok && first.backendJwt);
    const claims = JSON.parse(Buffer.from((renamed as { backendJwt: string }).backendJwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims['http://wso2.org/claims/applicationname']).toBe('Renamed');
  });
});
