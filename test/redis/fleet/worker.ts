/**
 * One gateway of a test fleet, run as a child process (built by fleet.ts, since vitest's
 * transformer does not reach child processes). It validates keys against Redis-backed stores and
 * answers JSON-line commands on stdin; every revocation it hears of is reported as an event.
 */
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { createValidator, type PublicKey, type ValidationResult } from '../../../src/index.js';
import { algorithmSpec } from '../../../src/jws/algorithms.js';
import {
  createRedisApplicationStore,
  createRedisRateLimiter,
  createRedisRevocationStore,
  createRedisSubscriptionStore,
  type RedisClientLike,
  type RedisSubscriberLike,
} from '../../../src/redis/index.js';
import type { FleetCommand, FleetReply, WorkerConfig } from './protocol.js';
import { createThrottle, createValidationCache } from '../../../src/gateway/index.js';

const config = JSON.parse(process.env.KEYGATE_FLEET_WORKER ?? '{}') as WorkerConfig;
const send = (reply: FleetReply): void => {
  process.stdout.write(`${JSON.stringify(reply)}\n`);
};

async function connect(): Promise<{ client: RedisClientLike; subscriber: RedisSubscriberLike }> {
  const ignore = (): void => undefined; // outages are expected; the stores report them
  if (config.client === 'node-redis') {
    const client = createClient({ socket: { host: '127.0.0.1', port: config.port }, disableOfflineQueue: true });
    client.on('error', ignore);
    await client.connect();
    const subscriber = client.duplicate();
    subscriber.on('error', ignore);
    await subscriber.connect();
    return { client, subscriber };
  }
  const client = new Redis({ host: '127.0.0.1', port: config.port, enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
  client.on('error', ignore);
  await client.connect();
  const subscriber = new Redis({ host: '127.0.0.1', port: config.port });
  subscriber.on('error', ignore);
  return { client, subscriber };
}

async function main(): Promise<void> {
  const { client, subscriber } = await connect();
  const spec = algorithmSpec('RS256');
  const cryptoKey = await crypto.subtle.importKey('jwk', config.publicJwk, spec.importParams, true, ['verify']);
  const keys: PublicKey[] = [{ type: 'public', alias: config.kid, alg: 'RS256', cryptoKey }];
  const common = { prefix: config.prefix, timeout: 250 };
  const subscriptions = createRedisSubscriptionStore(client, common);
  const applications = createRedisApplicationStore(client, common);
  const revocations = createRedisRevocationStore(client, { ...common, subscriber });
  revocations.onRevoke((jti) => send({ event: 'revoked', jti }));
  await revocations.ready;
  const validator = createValidator({
    keys,
    subscriptions,
    revocations,
    applications,
    apis: config.apis,
    throttle: createThrottle({ tiers: config.tiers, limiter: createRedisRateLimiter(client, common) }),
    cache: createValidationCache({ maxEntries: 1000, ttl: 300 }),
  });

  const answer = async (command: FleetCommand): Promise<FleetReply> => {
    switch (command.op) {
      case 'validate': {
        const r: ValidationResult = await validator.validate({ url: command.url, headers: { apikey: command.key } });
        const cacheHits = validator.stats().cache?.hits ?? 0;
        return r.ok
          ? { id: command.id, ok: true, cacheHits, application: r.application.name }
          : { id: command.id, ok: false, cacheHits, status: r.status, reason: r.reason, description: r.description, ...(r.retryAfter === undefined ? {} : { retryAfter: r.retryAfter }) };
      }
      case 'revoke':
        await revocations.revoke(command.jti, command.exp);
        return { id: command.id, done: true };
    }
  };
  const commands = createInterface({ input: process.stdin });
  commands.on('close', () => process.exit(0)); // the test (or the whole run) has gone: so do we
  commands.on('line', (line) => {
    const command = JSON.parse(line) as FleetCommand;
    answer(command).then(send, (error: unknown) => send({ id: command.id, error: String(error) }));
  });
  send({ event: 'ready' });
}

main().catch((error: unknown) => {
  process.stderr.write(`fleet worker failed to start: ${String(error)}\n`);
  process.exit(1);
});
