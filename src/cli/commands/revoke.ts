import { decodeKey, revokeKey } from '../../issue/index.js';
import { createRedisKeyInventory, createRedisReplicaWriter, createRedisRevocationStore } from '../../redis/index.js';
import type { RevocationStore } from '../../index.js';
import { usageError } from '../args.js';
import { defineCommand } from '../command.js';
import { readKeyArgument } from '../key-input.js';
import type { RedisConnection } from '../redis-connection.js';
import { REDIS_FLAGS, REDIS_HELP, withRedis } from '../redis-options.js';

/** The deployment's revocations: the plain Redis store, or the replicated tables gateways follow. */
function revocationsOf(client: RedisConnection, prefix: string, replica: boolean): RevocationStore {
  return replica ? createRedisReplicaWriter(client, { prefix }).revocations : createRedisRevocationStore(client, { prefix });
}

export const revokeCommand = defineCommand({
  name: 'revoke',
  summary: 'Revoke an API key (or a jti) in a Redis deployment: refused by every gateway on its next call',
  help: `Usage: keygate revoke --redis URL [--prefix P] [--replica] (KEY|- | --jti JTI)

Revokes a key in the deployment's revocations in Redis and drops it from the key inventory.
Every gateway refuses it from its next call on: gateways on createRedisRevocationStore look it
up on every call (and hear of it on the revocations channel); gateways on a replica
(createRedisReplica) need --replica, which writes through the replica's change log.

Given the key, its jti and expiry are read from it (not verified: revoking only ever refuses).
Given --jti, the expiry comes from the key inventory when it knows the key; else the
revocation is kept for good. Revocations are kept 300 s past the key's expiry.

Options:
${REDIS_HELP}
  --replica      the gateways follow a replica: write through its change log
  --jti JTI      revoke by jti instead of by key
  -h, --help     show this help

Examples:
  keygate revoke --redis redis://localhost:6379 "$KEY"
  keygate revoke --redis redis://localhost:6379 --replica --jti 7ed24df9-c9af-4af7-8985-a8f810b8c196
`,
  options: { ...REDIS_FLAGS, replica: { type: 'boolean' }, jti: { type: 'string' } },
  maxPositionals: 1,
  async execute(values, positionals, io) {
    if ((values.jti === undefined) === (positionals[0] === undefined)) throw usageError('give the key to revoke (KEY, or - for standard input) or --jti, not both');
    const keyOrJti = values.jti ?? (await readKeyArgument(positionals[0], io));
    // A KEY that is no key is a mistake, not a jti to revoke.
    if (values.jti === undefined) decodeKey(keyOrJti);
    await withRedis(values, async (client, prefix) => {
      const inventory = createRedisKeyInventory(client, { prefix });
      const known = values.jti === undefined ? undefined : await inventory.find(values.jti);
      const target = values.jti === undefined ? keyOrJti : { jti: values.jti };
      const revoked = await revokeKey(revocationsOf(client, prefix, values.replica === true), target, known?.expiresAt === undefined ? {} : { expiresAt: known.expiresAt });
      const dropped = await inventory.remove(revoked.jti);
      const kept = revoked.expiresAt === undefined ? 'kept for good: the key never expires' : `kept until ${new Date(revoked.expiresAt * 1000).toISOString()}`;
      io.out(`revoked ${revoked.jti} (${kept})${dropped ? '; removed from the key inventory' : ''}\n`);
    });
    return 0;
  },
});
