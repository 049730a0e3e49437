/**
 * Owner-only access: every endpoint that names an application, a subscription or a key, called by
 * another subscriber (guest) against kanchana's, answers 404 as for what does not exist, shows
 * none of kanchana's data and changes nothing; without signing in, every endpoint answers 401.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { decodeKey } from '../../src/issue/index.js';
import { sharedKeyPair } from '../helpers/fixtures.js';
import { DEFAULT_APP, GUEST_APP, setUpService, type ServiceSetup } from './harness.js';

let s: ServiceSetup;
let apikey: string;
let jti: string;
let subscriptionId: string;
let pizzaId: string;

beforeEach(async () => {
  // With `keys`, a signed key the inventory does not know can be revoked too: still only by its owner.
  s = await setUpService({ keys: [(await sharedKeyPair()).publicKey] });
  apikey = (await s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/generate`, { keyName: 'secret-name' })).body.apikey;
  jti = decodeKey(apikey).payload.jti as string;
  subscriptionId = (await s.kanchana('GET', `/subscriptions?applicationId=${DEFAULT_APP.uuid}`)).body.list[0].subscriptionId;
  pizzaId = (await s.kanchana('GET', '/apis')).body.list[0].id;
});

const app = `/applications/${DEFAULT_APP.uuid}`;
/** What another subscriber tries: method, path, body. */
const attempts = (): [string, string, unknown?][] => [
  ['GET', app],
  ['PUT', app, { name: 'Taken over', throttlingPolicy: 'Unlimited' }],
  ['DELETE', app],
  ['GET', `${app}/api-keys`],
  ['GET', `${app}/api-keys/PRODUCTION`],
  ['POST', `${app}/api-keys/PRODUCTION/generate`, {}],
  ['POST', `${app}/api-keys/PRODUCTION/revoke`, { apikey }],
  ['POST', `${app}/api-keys/PRODUCTION/revoke`, { jti }],
  // Through the attacker's own application: the key and the jti are not its.
  ['POST', `/applications/${GUEST_APP.uuid}/api-keys/PRODUCTION/revoke`, { apikey }],
  ['POST', `/applications/${GUEST_APP.uuid}/api-keys/PRODUCTION/revoke`, { jti }],
  ['GET', `/subscriptions?applicationId=${DEFAULT_APP.uuid}`],
  ['POST', '/subscriptions', { applicationId: DEFAULT_APP.uuid, apiId: pizzaId, throttlingPolicy: 'Gold' }],
  ['GET', `/subscriptions/${subscriptionId}`],
  ['DELETE', `/subscriptions/${subscriptionId}`],
];

describe("another subscriber's calls", () => {
  it('answer 404, show none of the owner\'s data and change nothing', async () => {
    const before = { app: s.applications.find(DEFAULT_APP.uuid), subs: s.subscriptions.list(DEFAULT_APP.uuid), keys: s.inventory.list(DEFAULT_APP.uuid) };
    for (const [method, path, body] of attempts()) {
      const answer = await s.guest(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(404);
      for (const secret of ['DefaultApplication', 'secret-name', 'kanchana', apikey.split('.')[2]!, 'Gold']) {
        expect(answer.text, `${method} ${path} shows ${secret}`).not.toContain(secret);
      }
    }
    expect({ app: s.applications.find(DEFAULT_APP.uuid), subs: s.subscriptions.list(DEFAULT_APP.uuid), keys: s.inventory.list(DEFAULT_APP.uuid) }).toEqual(before);
    expect(s.revocations.isRevoked(jti)).toBe(false);
    expect((await s.callGateway(apikey)).ok).toBe(true);
  });

  it('see only their own in the lists', async () => {
    const apps = await s.guest('GET', '/applications');
    expect(apps.body.list.map((a: { applicationId: string }) => a.applicationId)).toEqual([GUEST_APP.uuid]);
    const subs = await s.guest('GET', `/subscriptions?apiId=${pizzaId}`);
    expect(subs.body.list.map((sub: { applicationId: string }) => sub.applicationId)).toEqual([GUEST_APP.uuid]);
    expect(JSON.stringify([apps.body, subs.body])).not.toContain(DEFAULT_APP.uuid);
  });
});

describe('calls without signing in', () => {
  it('answer 401 on every endpoint, before any store is asked', async () => {
    const all: [string, string, unknown?][] = [
      ['GET', '/apis'], ['GET', `/apis/${pizzaId}`], ['GET', '/throttling-policies/subscription'], ['GET', '/applications'],
      ['POST', '/applications', { name: 'x', throttlingPolicy: 'Unlimited' }], ...attempts(),
    ];
    for (const [method, path, body] of all) {
      const answer = await s.anonymous(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(answer.body).toEqual({ code: 401, message: 'Unauthorized', description: 'sign in to use the key service', moreInfo: '', error: [] });
    }
    expect(s.applications.listByOwner('kanchana')).toHaveLength(1);
  });
});
