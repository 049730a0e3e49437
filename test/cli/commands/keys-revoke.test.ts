/** `keygate keys` and `keygate revoke` against a Redis deployment (the test Redis), through the built bin. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator } from '../../../src/index.js';
import { importPrivateKey, importPublicKey } from '../../../src/keys/index.js';
import { decodeKey, issueKey } from '../../../src/issue/index.js';
import { createRedisKeyInventory, createRedisReplicaWriter, createRedisRevocationStore } from '../../../src/redis/index.js';
import { issuedKeyOf } from '../../../src/service/index.js';
import { connect, uniquePrefix, type Connected } from '../../redis/clients.js';
import { APP_UUID, setUpCli, type Cli } from '../harness.js';

let cli: Cli;
let redis: Connected;
let url: string;
beforeAll(async () => {
  cli = await setUpCli();
  redis = await connect('ioredis', inject('redisPort'));
  url = `redis://127.0.0.1:${inject('redisPort')}`;
});
afterAll(() => redis?.close());

/** A key signed with the CLI's keys/private.pem, recorded in the inventory under `prefix` as the key service would. */
async function recordedKey(prefix: string, name: string, options: { validityPeriod?: number; permittedIPs?: string[] } = {}): Promise<string> {
  const signingKey = await importPrivateKey(readFileSync(join(cli.dir, 'keys/private.pem'), 'utf8'));
  const key = await issueKey({ signingKey, application: { uuid: APP_UUID }, subject: 'kanchana', ...options });
  await createRedisKeyInventory(redis.client, { prefix }).record(issuedKeyOf(key, name));
  return key;
}
const jtiOf = (key: string): string => decodeKey(key).payload.jti as string;

describe('keygate keys', () => {
  it("lists an application's keys: jti, type, times, last use, restrictions and name, never the key", async () => {
    const prefix = uniquePrefix();
    const forever = await recordedKey(prefix, 'banner key');
    const hour = await recordedKey(prefix, 'CI "pipeline"', { validityPeriod: 3600, permittedIPs: ['10.0.0.0/8'] });
    // A gateway's last-used tracker wrote a use of the second key.
    await createRedisKeyInventory(redis.client, { prefix }).recordUses([{ jti: jtiOf(hour), usedAt: 1_900_000_000 }]);
    const r = await cli.run(['keys', '--redis', url, '--prefix', prefix, '--app', APP_UUID]);
    expect(r.status, r.stderr).toBe(0);
    const [head, ...rows] = r.stdout.trimEnd().split('\n');
    expect(head).toMatch(/^jti +type +issued +expires +last used +restrictions +name$/);
    expect(rows).toHaveLength(2);
    expect(r.stdout).toMatch(new RegExp(`${jtiOf(forever)}  PRODUCTION  \\S+Z  never +never +none +"banner key"`));
    expect(r.stdout).toMatch(new RegExp(`${jtiOf(hour)}  PRODUCTION  \\S+Z  \\S+Z  2030-03-17T17:46:40.000Z  IP 10.0.0.0/8  "CI \\\\"pipeline\\\\""`));
    expect(r.stdout).not.toContain(forever.split('.')[2]);

    const json = await cli.run(['keys', '--redis', url, '--prefix', prefix, '--app', APP_UUID, '--json']);
    expect((JSON.parse(json.stdout) as { jti: string }[]).map((k) => k.jti).sort()).toEqual([jtiOf(forever), jtiOf(hour)].sort());
    expect((await cli.run(['keys', '--redis', url, '--prefix', prefix, '--app', 'other'])).stdout).toBe('no keys issued to application other (or all expired)\n');
  });
});

describe('keygate revoke', () => {
  it('revokes a key given whole: every gateway on the Redis store refuses it, and it leaves the inventory', async () => {
    const prefix = uniquePrefix();
    const key = await recordedKey(prefix, 'to revoke', { validityPeriod: 600 });
    const publicKey = await importPublicKey(readFileSync(join(cli.dir, 'keys/public.pem'), 'utf8'));
    const gateway = createValidator({
      keys: [publicKey], apis: [{ name: 'PizzaShackAPI', context: '/pizzashack', version: '1.0.0' }],
      subscriptions: createMemorySubscriptionStore([{ applicationUuid: APP_UUID, apiContext: '/pizzashack', apiVersion: '1.0.0' }]),
      revocations: createRedisRevocationStore(redis.client, { prefix }),
    });
    const call = () => gateway.validate({ url: 'http://gw/pizzashack/1.0.0/menu', headers: { apikey: key } });
    expect((await call()).ok).toBe(true);
    const r = await cli.run(['revoke', '--redis', url, '--prefix', prefix, key]);
    expect(r.status, r.stderr).toBe(0);
    const keptUntil = new Date(((decodeKey(key).payload.exp as number) + 300) * 1000).toISOString();
    expect(r.stdout).toBe(`revoked ${jtiOf(key)} (kept until ${keptUntil}); removed from the key inventory\n`);
    expect(await call()).toMatchObject({ ok: false, reason: 'revoked' });
    expect(await createRedisKeyInventory(redis.client, { prefix }).list(APP_UUID)).toEqual([]);
  });

  it('revokes by --jti, with the expiry the inventory knows; a key from standard input', async () => {
    const prefix = uniquePrefix();
    const known = await recordedKey(prefix, 'known', { validityPeriod: 60 });
    const byJti = await cli.run(['revoke', '--redis', url, '--prefix', prefix, '--jti', jtiOf(known)]);
    expect(byJti.stdout).toContain(`(kept until ${new Date(((decodeKey(known).payload.exp as number) + 300) * 1000).toISOString()})`);
    const unknown = await cli.run(['revoke', '--redis', url, '--prefix', prefix, '--jti', 'never-recorded']);
    expect(unknown.stdout).toBe('revoked never-recorded (kept for good: the key never expires)\n');
    const stdin = await recordedKey(prefix, 'piped');
    expect((await cli.run(['revoke', '--redis', url, '--prefix', prefix, '-'], `${stdin}\n`)).status).toBe(0);
    const store = createRedisRevocationStore(redis.client, { prefix });
    for (const jti of [jtiOf(known), 'never-recorded', jtiOf(stdin)]) expect(await store.isRevoked(jti)).toBe(true);
  });

  it('--replica writes through the change log replicas follow', async () => {
    const prefix = uniquePrefix();
    const key = await recordedKey(prefix, 'replicated');
    expect((await cli.run(['revoke', '--redis', url, '--prefix', prefix, '--replica', key])).status).toBe(0);
    expect(await createRedisReplicaWriter(redis.client, { prefix }).revocations.isRevoked(jtiOf(key))).toBe(true);
    expect(await createRedisRevocationStore(redis.client, { prefix }).isRevoked(jtiOf(key))).toBe(false);
  });

  it('an unreachable Redis is a one-line error naming its address only, exit 1', async () => {
    const r = await cli.run(['revoke', '--redis', 'redis://:hunter2@127.0.0.1:1', '--jti', 'x']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^keygate revoke: cannot reach Redis at 127\.0\.0\.1:1.*\n$/);
    expect(r.stderr).not.toContain('hunter2');
    const malformed = await cli.run(['revoke', '--redis', url, 'not-a-key']);
    expect(malformed.status).toBe(1);
    expect(malformed.stderr).toMatch(/^keygate revoke: not a valid API key/);
  });
});
