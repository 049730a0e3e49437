/** docs/scaling.md: every snippet runs against the test Redis, through both clients. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type KeyPair, type Validator } from '../../src/index.js';
import { issueKey } from '../../src/issue/index.js';
import type { RedisRevocationStore, RedisSubscriptionStore } from '../../src/redis/index.js';
import { runSnippet, snippetsOf } from '../helpers/snippets.js';

interface Closable {
  destroy?(): void;
  disconnect?(): void;
}
const close = (...clients: unknown[]): void => {
  for (const c of clients as Closable[]) (c.destroy ?? c.disconnect)?.call(c);
};

describe('docs/scaling.md', () => {
  const [setup, ioredisSetup, admin] = snippetsOf('docs/scaling.md');
  let previousUrl: string | undefined;
  beforeAll(() => {
    previousUrl = process.env.REDIS_URL;
    process.env.REDIS_URL = `redis://127.0.0.1:${String(inject('redisPort'))}`;
  });
  afterAll(() => {
    if (previousUrl === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = previousUrl;
  });

  it('has the three snippets this test runs', () => {
    expect([setup, ioredisSetup, admin].every((s) => typeof s === 'string')).toBe(true);
  });

  it('the node-redis setup builds a working validator and the admin snippet manages it', async () => {
    const m = (await runSnippet(setup!, 'scaling-setup')) as {
      client: unknown; subscriber: unknown; validator: Validator; issuer: KeyPair;
      subscriptions: RedisSubscriptionStore; revocations: RedisRevocationStore;
    };
    try {
      await m.revocations.ready;
      // The admin snippet imports './setup.js': hand it this module's stores instead.
      (globalThis as { keygateScalingSetup?: unknown }).keygateScalingSetup = m;
      const code = admin!.replace(
        "import { subscriptions, revocations } from './setup.js';",
        "type Stores = { subscriptions: import('../../src/redis/index.js').RedisSubscriptionStore; revocations: import('../../src/redis/index.js').RedisRevocationStore };\n" +
          'const { subscriptions, revocations } = (globalThis as unknown as { keygateScalingSetup: Stores }).keygateScalingSetup;',
      );
      const heard: string[] = [];
      m.revocations.onRevoke((jti) => heard.push(jti));
      const out = (await runSnippet(code, 'scaling-admin')) as { listed: unknown[]; removed: boolean };
      expect(out.listed).toEqual([{ applicationUuid: 'app-1', apiContext: '/orders', apiVersion: 'v1', tier: 'Gold', status: 'BLOCKED' }]);
      expect(out.removed).toBe(true);
      expect(await m.revocations.isRevoked('a-jti-or-the-whole-api-key')).toBe(true);
      expect(heard).toContain('a-jti-or-the-whole-api-key');
      // The validator answers from Redis: the admin snippet removed the subscription; adding it back lets the key in.
      const key = await issueKey({ signingKey: m.issuer.privateKey, application: { uuid: 'app-1' } });
      const call = () => m.validator.validate({ url: 'http://gw/orders/v1/x', headers: { apikey: key } });
      expect((await call()).ok || 'refused').toBe('refused');
      await m.subscriptions.add({ applicationUuid: 'app-1', apiContext: '/orders', apiVersion: 'v1', tier: 'Bronze' });
      const accepted = await call();
      expect(accepted.ok).toBe(true);
      // Counted by the Redis rate limiter against WSO2's Bronze tier (1000 per minute).
      expect(accepted.ok && accepted.rateLimit).toMatchObject({ tier: 'Bronze', limit: 1000, remaining: 999 });
      await m.subscriptions.remove('app-1', '/orders', 'v1');
      await m.revocations.close();
    } finally {
      close(m.client, m.subscriber);
    }
  });

  it('the ioredis setup builds working stores', async () => {
    const m = (await runSnippet(ioredisSetup!, 'scaling-ioredis')) as {
      client: unknown; subscriber: unknown; subscriptions: RedisSubscriptionStore; revocations: RedisRevocationStore;
    };
    try {
      await m.revocations.ready;
      expect(await m.subscriptions.find('nobody', '/orders', 'v1')).toBeUndefined();
      expect(await m.revocations.isRevoked('nothing')).toBe(false);
      await m.revocations.close();
    } finally {
      close(m.client, m.subscriber);
    }
  });
});
