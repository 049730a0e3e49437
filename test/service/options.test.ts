import { describe, expect, it } from 'vitest';
import { createMemoryRevocationStore, createMemorySubscriptionStore, KeygateError } from '../../src/index.js';
import { createMemoryApplicationStore } from '../../src/gateway/index.js';
import { createKeyService, createMemoryKeyInventory, type KeyServiceOptions } from '../../src/service/index.js';
import { sharedKeyPair } from '../helpers/fixtures.js';
import { expectKeygateError } from '../helpers/errors.js';
import { DEFAULT_APP, PIZZA, setUpService } from './harness.js';

async function options(): Promise<KeyServiceOptions> {
  const { privateKey } = await sharedKeyPair();
  return {
    signingKey: privateKey,
    authenticate: () => ({ subscriber: 'kanchana' }),
    applications: createMemoryApplicationStore(),
    subscriptions: createMemorySubscriptionStore(),
    revocations: createMemoryRevocationStore(),
    inventory: createMemoryKeyInventory(),
    apis: [PIZZA],
  };
}

describe('createKeyService options', () => {
  it('refuses a missing or wrong option at once, naming it', async () => {
    const good = await options();
    const { publicKey } = await sharedKeyPair();
    const bad: [Partial<Record<keyof KeyServiceOptions | 'signingkey', unknown>>, RegExp][] = [
      [{ signingKey: publicKey }, /signingKey must be a private key/],
      [{ authenticate: undefined }, /authenticate must be a function/],
      [{ applications: { find: () => undefined } }, /applications must have find, add, update, remove, listByOwner/],
      [{ subscriptions: { find: () => undefined, add() {}, remove: () => false } }, /subscriptions must have find, add, remove, list/],
      [{ revocations: {} }, /revocations must have isRevoked, revoke/],
      [{ inventory: undefined }, /inventory must have record, find, list, remove/],
      [{ apis: {} }, /apis must be an array/],
      [{ apis: [{ name: 'x', context: '', version: '1' }] }, /apis\[0\]\.context must be a non-empty string/],
      [{ basePath: 'api/v3' }, /basePath must be a path/],
      [{ basePath: '/api/v3/' }, /basePath must be a path/],
      [{ keys: [] }, /keys must hold at least one/],
      [{ throttlingPolicies: { subscription: {} } }, /throttlingPolicies.subscription must name at least one tier/],
      [{ throttlingPolicies: { subscription: { Gold: { requests: 0, periodSeconds: 60 } } } }, /requests must be a positive integer/],
      [{ throttlingPolicies: { subscriptions: {} } }, /unknown option "subscriptions"/],
      [{ cors: { allowOrigins: ['*'], allowCredentials: true } }, /never "\*" with credentials/],
      [{ issuer: 7 }, /issuer must be a string/],
      [{ onError: 'log' }, /onError must be a function/],
      [{ signingkey: good.signingKey }, /unknown option "signingkey" \(did you mean "signingKey"\?\)/],
    ];
    for (const [change, message] of bad) expectKeygateError(() => createKeyService({ ...good, ...change } as KeyServiceOptions), 'ERR_INVALID_OPTION', message);
    expect(() => createKeyService(null as never)).toThrow(KeygateError);
  });

  it('serves under another basePath, and signs keys with the issuer given', async () => {
    const s = await setUpService({ basePath: '/portal/api', issuer: 'https://portal.example.com' });
    const request = (path: string) => new Request(`https://portal.example.com${path}`, { headers: { authorization: 'Bearer kanchana' } });
    expect((await s.service(request('/portal/api/applications'))).status).toBe(200);
    expect((await s.service(request('/api/am/devportal/v3/applications'))).status).toBe(404);
    const generate = await s.service(new Request(`https://portal.example.com/portal/api/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/generate`, {
      method: 'POST', body: '{}', headers: { authorization: 'Bearer kanchana', 'content-type': 'application/json' },
    }));
    const { apikey } = (await generate.json()) as { apikey: string };
    expect(JSON.parse(Buffer.from(apikey.split('.')[1]!, 'base64url').toString())).toMatchObject({ iss: 'https://portal.example.com' });
  });

  it('takes custom throttling policies', async () => {
    const s = await setUpService({ throttlingPolicies: { subscription: { Trial: { requests: 3, periodSeconds: 60 } } } });
    const { body } = await s.kanchana('GET', '/throttling-policies/subscription');
    expect(body.list).toEqual([expect.objectContaining({ name: 'Trial', requestCount: 3, unitTime: 60000 })]);
    expect((await s.kanchana('GET', '/apis')).body.list[0].throttlingPolicies).toEqual(['Trial']);
  });
});

describe('failures', () => {
  it('an authenticate that throws or answers nonsense is a 500 without details; onError hears of it', async () => {
    const errors: unknown[] = [];
    for (const authenticate of [() => { throw new Error('session db down: password=hunter2'); }, () => ({ subscriber: '' }), () => 'kanchana']) {
      const s = await setUpService({ authenticate: authenticate as never, onError: (error) => errors.push(error) });
      const answer = await s.kanchana('GET', '/applications');
      expect(answer.status).toBe(500);
      expect(answer.body).toMatchObject({ code: 500, description: 'the key service failed to answer' });
      expect(answer.text).not.toContain('hunter2');
    }
    expect(errors).toHaveLength(3);
  });

  it('a store that fails is a 503 (ERR_STORE_UNAVAILABLE), and nothing is issued', async () => {
    const down = () => {
      throw new KeygateError('ERR_STORE_UNAVAILABLE', 'Redis GET failed');
    };
    const s = await setUpService({ inventory: { find: down, list: down, record: down, remove: down } });
    const answer = await s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/generate`, {});
    expect(answer.status).toBe(503);
    expect(answer.body.description).toMatch(/unavailable/);
    expect(answer.text).not.toContain('eyJ');
    expect(s.errors).toHaveLength(1);
  });
});
