/** The key service on the Redis stores a fleet of gateways shares: what it issues and revokes holds at a gateway of the fleet. */
import { describe, expect, inject, it } from 'vitest';
import { createValidator } from '../../src/index.js';
import { decodeKey } from '../../src/issue/index.js';
import {
  createRedisApplicationStore, createRedisKeyInventory, createRedisRevocationStore, createRedisSubscriptionStore,
} from '../../src/redis/index.js';
import { createKeyService, type KeyServiceApplicationStore, type KeyServiceSubscriptionStore } from '../../src/service/index.js';
import { sharedKeyPair } from '../helpers/fixtures.js';
import { CLIENT_KINDS, uniquePrefix, withRedis } from '../redis/clients.js';
import { PIZZA } from './harness.js';

describe.each(CLIENT_KINDS)('the key service over Redis (%s)', (kind) => {
  it('creates, subscribes, generates (valid at a gateway), lists and revokes (refused on the next call)', async () => {
    await withRedis(kind, inject('redisPort'), async (redis) => {
      const { privateKey, publicKey } = await sharedKeyPair();
      const prefix = uniquePrefix();
      const applications: KeyServiceApplicationStore = createRedisApplicationStore(redis.client, { prefix });
      const subscriptions: KeyServiceSubscriptionStore = createRedisSubscriptionStore(redis.client, { prefix });
      const revocations = createRedisRevocationStore(redis.client, { prefix });
      const inventory = createRedisKeyInventory(redis.client, { prefix });
      const service = createKeyService({
        signingKey: privateKey, authenticate: () => ({ subscriber: 'kanchana' }), applications, subscriptions, revocations, inventory, apis: [PIZZA],
      });
      // Another process: a gateway with its own store objects on the same Redis.
      const gateway = createValidator({
        keys: [publicKey], apis: [PIZZA],
        applications: createRedisApplicationStore(redis.client, { prefix }),
        subscriptions: createRedisSubscriptionStore(redis.client, { prefix }),
        revocations: createRedisRevocationStore(redis.client, { prefix }),
      });
      const call = async (method: string, path: string, body?: unknown) => {
        const init = body === undefined ? { method } : { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
        const response = await service(new Request(`http://portal.test/api/am/devportal/v3${path}`, init));
        const text = await response.text();
        return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
      };
      const menu = (apikey: string) => gateway.validate({ url: 'http://gw.test/pizzashack/1.0.0/menu', headers: { apikey } });

      const app = (await call('POST', '/applications', { name: 'Fleet app', throttlingPolicy: 'Unlimited' })).body;
      const apiId = (await call('GET', '/apis')).body.list[0].id;
      expect((await call('POST', '/subscriptions', { applicationId: app.applicationId, apiId, throttlingPolicy: 'Gold' })).status).toBe(201);
      expect((await call('GET', '/applications')).body.list).toEqual([expect.objectContaining({ name: 'Fleet app', subscriptionCount: 1 })]);
      const { apikey } = (await call('POST', `/applications/${app.applicationId}/api-keys/PRODUCTION/generate`, { validityPeriod: 600 })).body;
      expect(await menu(apikey)).toMatchObject({ ok: true, application: { name: 'Fleet app', owner: 'kanchana' } });
      const listed = (await call('GET', `/applications/${app.applicationId}/api-keys`)).body;
      expect(listed.list).toEqual([expect.objectContaining({ jti: decodeKey(apikey).payload.jti, validityPeriod: 600 })]);
      expect((await call('POST', `/applications/${app.applicationId}/api-keys/PRODUCTION/revoke`, { apikey })).status).toBe(200);
      expect(await menu(apikey)).toMatchObject({ ok: false, reason: 'revoked' });
      expect((await call('GET', `/applications/${app.applicationId}/api-keys`)).body.count).toBe(0);
      expect((await call('DELETE', `/applications/${app.applicationId}`)).status).toBe(200);
      expect(await redis.raw('SMEMBERS', `${prefix}apps-of:kanchana`)).toEqual([]);
      await revocations.close();
    });
  });
});
