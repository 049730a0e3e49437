import { describe, expect, it } from 'vitest';
import type { RedisClientLike } from '../../src/redis/index.js';
import { createRedisRevocationStore, createRedisSubscriptionStore } from '../../src/redis/index.js';

describe('the structural Redis client', () => {
  it('prefers call() (ioredis) and falls back to sendCommand() (node-redis)', async () => {
    const seen: string[][] = [];
    const viaCall = { call: (command: string, ...args: string[]) => (seen.push([command, ...args]), Promise.resolve(0)) };
    const viaSend = { sendCommand: (args: string[]) => (seen.push(args), Promise.resolve(1)) };
    expect(await createRedisRevocationStore(viaCall, { prefix: 'p:' }).isRevoked('a')).toBe(false);
    expect(await createRedisRevocationStore(viaSend, { prefix: 'p:' }).isRevoked('b')).toBe(true);
    expect(seen).toEqual([['EXISTS', 'p:revoked:a'], ['EXISTS', 'p:revoked:b']]);
  });

  it('rejects something that is not a client, and bad options', () => {
    expect(() => createRedisSubscriptionStore({} as RedisClientLike)).toThrow(/call\(\) \(ioredis\) or sendCommand\(\)/);
    const client = { sendCommand: () => Promise.resolve(null) };
    expect(() => createRedisSubscriptionStore(client, { timeout: 0 })).toThrow(/timeout/);
    expect(() => createRedisRevocationStore(client, { channel: '' })).toThrow(/channel/);
  });

  it('turns a hung command into ERR_STORE_UNAVAILABLE after the timeout', async () => {
    const hung = { sendCommand: () => new Promise<unknown>(() => undefined) };
    const store = createRedisSubscriptionStore(hung, { timeout: 20 });
    await expect(store.find('app', '/x', '1')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', message: 'Redis HGET failed: no reply within 20 ms' });
  });

  it('turns a thrown or rejected command, or a reply of the wrong type, into ERR_STORE_UNAVAILABLE', async () => {
    const throwing = { sendCommand: (): Promise<unknown> => { throw new Error('The client is closed'); } };
    await expect(createRedisRevocationStore(throwing).isRevoked('j')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', message: 'Redis EXISTS failed: The client is closed' });
    const odd = { sendCommand: () => Promise.resolve({ unexpected: true }) };
    await expect(createRedisRevocationStore(odd).isRevoked('j')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    await expect(createRedisSubscriptionStore(odd).find('a', '/b', '1')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
  });

  it('reads byte replies and RESP3 maps', async () => {
    const bytes = { sendCommand: () => Promise.resolve(new TextEncoder().encode('{"tier":"Gold"}')) };
    expect((await createRedisSubscriptionStore(bytes).find('a', '/b', '1'))?.tier).toBe('Gold');
    const map = { sendCommand: () => Promise.resolve(new Map([['["/b","1"]', '{}']])) };
    expect(await createRedisSubscriptionStore(map).list('a')).toEqual([{ applicationUuid: 'a', apiContext: '/b', apiVersion: '1' }]);
  });
});
