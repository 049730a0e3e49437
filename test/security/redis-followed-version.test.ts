/**
 * A gateway following Redis's blocking conditions (or policies) notices a table written again from
 * scratch, after a flush or a failover that lost writes, even with as many writes as before: with a
 * counter for a version it came back to the number the gateway held, and the gateway kept matching
 * its old copy for good (a condition added since never blocked).
 */
import { describe, expect, inject, it } from 'vitest';
import { createRedisBlockingConditions, createRedisPolicyStore } from '../../src/redis/index.js';
import type { BlockingSubject } from '../../src/gateway/index.js';
import { retryUntil } from '../helpers/eventually.js';
import { PIZZA } from '../helpers/fixtures.js';
import { CLIENT_KINDS, uniquePrefix, withRedis } from '../redis/clients.js';

const subject = (user: string): BlockingSubject => ({ api: PIZZA, application: { uuid: 'app-1' }, user, clientIp: '203.0.113.5' });
// Long enough that the table is deleted and written again between two looks.
const SLOW = { refresh: 1500, maxStaleness: 60_000 };

describe.each(CLIENT_KINDS)('followed Redis tables over %s (security)', (kind) => {
  const port = inject('redisPort');

  it('a blocking condition written after the table was lost blocks, though the table saw as many writes', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const admin = createRedisBlockingConditions(redis.client, { prefix });
      const gateway = createRedisBlockingConditions(redis.client, { prefix, ...SLOW });
      try {
        await admin.add({ type: 'USER', value: 'mallory' });
        await retryUntil(async () => expect(gateway.match(subject('mallory'))).toBeDefined());
        await redis.raw('DEL', `{${prefix}blocking}`, `{${prefix}blocking}:version`);
        await admin.add({ type: 'USER', value: 'eve' });
        await retryUntil(async () => expect(gateway.match(subject('eve'))).toBeDefined(), 6000);
        expect(gateway.match(subject('mallory'))).toBeUndefined();
      } finally {
        admin.close();
        gateway.close();
      }
    });
  });

  it('a policy written after the table was lost applies', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const admin = createRedisPolicyStore(redis.client, { prefix });
      const gateway = createRedisPolicyStore(redis.client, { prefix, ...SLOW });
      try {
        await admin.put('Gold', { requests: 100, periodSeconds: 60 });
        await retryUntil(async () => expect(gateway.find('Gold')?.requests).toBe(100));
        await redis.raw('DEL', `{${prefix}policies}`, `{${prefix}policies}:version`);
        await admin.put('Gold', { requests: 5, periodSeconds: 60 });
        await retryUntil(async () => expect(gateway.find('Gold')?.requests).toBe(5), 6000);
      } finally {
        admin.close();
        gateway.close();
      }
    });
  });
});
