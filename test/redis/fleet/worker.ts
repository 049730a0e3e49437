/**
 * One gateway of a test fleet, run as a child process (built by fleet.ts, since vitest's
 * transformer does not reach child processes). It validates keys against Redis-backed stores and
 * answers JSON-line commands on stdin; every revocation it hears of is reported as an event.
 */
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { createValidator, type AnyValidationSuccess, type PublicKey, type ValidationResult } from '../../../src/index.js';
import { algorithmSpec } from '../../../src/jws/algorithms.js';
import {
  createRedisApplicationStore,
  createRedisBlockingConditions,
  createRedisPolicyStore,
  createRedisRateLimiter,
  createRedisReplica,
  createRedisRevocationStore,
  createRedisSubscriptionStore,
  type RedisClientLike,
  type RedisSubscriberLike,
} from '../../../src/redis/index.js';
import type { FleetCommand, FleetReply, WorkerConfig } from './protocol.js';
import { createResourceMatcher, createThrottle, createValidationCache, type BlockingConditions, type BlockingConditionsEditor, type PolicyStore } from '../../../src/gateway/index.js';

const config = JSON.parse(process.env.KEYGATE_FLEET_WORKER ?? '{}') as WorkerConfig;
const send = (reply: FleetReply): void => {
  process.stdout.write(`${JSON.stringify(reply)}\n`);
};

interface Connections {
  client: RedisClientLike;
  subscriber: RedisSubscriberLike;
  /** For a replica's blocking reads: offline queue off, like the command connection. */
  reader: RedisClientLike;
}

async function connect(): Promise<Connections> {
  const ignore = (): void => undefined; // outages are expected; the stores report them
  if (config.client === 'node-redis') {
    const client = createClient({ socket: { host: '127.0.0.1', port: config.port }, disableOfflineQueue: true });
    client.on('error', ignore);
    await client.connect();
    const [subscriber, reader] = [client.duplicate(), client.duplicate()];
    subscriber.on('error', ignore);
    reader.on('error', ignore);
    await Promise.all([subscriber.connect(), reader.connect()]);
    return { client, subscriber, reader };
  }
  const options = { host: '127.0.0.1', port: config.port, enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true };
  const client = new Redis(options);
  const reader = new Redis(options);
  client.on('error', ignore);
  reader.on('error', ignore);
  await Promise.all([client.connect(), reader.connect()]);
  const subscriber = new Redis({ host: '127.0.0.1', port: config.port });
  subscriber.on('error', ignore);
  return { client, subscriber, reader };
}

/** The stores and limiter of this gateway: Redis asked on every call, or a replica answering from memory. */
async function storesOf({ client, subscriber, reader }: Connections) {
  const common = { prefix: config.prefix, timeout: 250 };
  if (config.stores === 'replica') {
    const replica = createRedisReplica(client, { ...common, reader, maxStaleness: config.maxStaleness ?? 1000 });
    await replica.ready;
    const limiter = createRedisRateLimiter(client, { ...common, lease: 10 });
    const { subscriptions, revocations, applications } = replica;
    // With throttling, policies and blocking conditions come from the replica's memory too.
    const throttling = config.throttling === true ? { policies: replica.policies, blocking: replica.blockingConditions } : {};
    return { subscriptions, revocations, applications, limiter, ...throttling, status: () => replica.status() };
  }
  const revocations = createRedisRevocationStore(client, { ...common, subscriber });
  await revocations.ready;
  const limiter = createRedisRateLimiter(client, common);
  const applications = createRedisApplicationStore(client, common);
  return { subscriptions: createRedisSubscriptionStore(client, common), revocations, applications, limiter, status: () => ({ loads: 0, seq: 0, staleness: 0 }) };
}

async function main(): Promise<void> {
  const spec = algorithmSpec('RS256');
  const cryptoKey = await crypto.subtle.importKey('jwk', config.publicJwk, spec.importParams, true, ['verify']);
  const keys: PublicKey[] = [{ type: 'public', alias: config.kid, alg: 'RS256', cryptoKey }];
  const connections = await connect();
  const stores = await storesOf(connections);
  const { subscriptions, revocations, applications, limiter, status } = stores;
  revocations.onRevoke((jti) => send({ event: 'revoked', jti }));
  // Without a replica, policies and blocking conditions are kept in memory following Redis (a change applies within 50 ms).
  const followed = { prefix: config.prefix, timeout: 250, refresh: 50 };
  let policies: PolicyStore | undefined;
  let blocking: BlockingConditions | undefined;
  if ('policies' in stores) ({ policies, blocking } = stores);
  else if (config.throttling === true) {
    const [polledPolicies, polledBlocking] = [createRedisPolicyStore(connections.client, followed), createRedisBlockingConditions(connections.client, followed)];
    await Promise.all([polledPolicies.ready, polledBlocking.ready]);
    [policies, blocking] = [polledPolicies, polledBlocking];
  }
  const validator = createValidator({
    keys,
    subscriptions,
    revocations,
    ...(config.applications === true ? { applications } : {}),
    apis: config.apis,
    ...(config.apis.some((api) => api.resources !== undefined) ? { resources: createResourceMatcher() } : {}),
    throttle: createThrottle({ tiers: config.tiers, limiter, ...(policies === undefined ? {} : { policies }), ...(blocking === undefined ? {} : { blocking }) }),
    cache: createValidationCache({ maxEntries: 1000, ttl: 300 }),
  });

  const answer = async (command: FleetCommand): Promise<FleetReply> => {
    switch (command.op) {
      case 'validate': {
        const context = command.clientIp === undefined ? {} : { clientIp: command.clientIp };
        const r: ValidationResult<AnyValidationSuccess> = await validator.validate({ url: command.url, headers: { apikey: command.key } }, context);
        const decidedAt = Date.now();
        const cacheHits = validator.stats().cache?.hits ?? 0;
        if (r.ok) {
          const rateLimits = r.rateLimits?.map((l) => `${l.level} ${l.remaining}`);
          return { id: command.id, ok: true, cacheHits, decidedAt, application: r.authenticated ? r.application.name : undefined, ...(rateLimits === undefined ? {} : { rateLimits }) };
        }
        const cause = (r as { cause?: Error }).cause?.message;
        const retryAfter = r.retryAfter === undefined ? {} : { retryAfter: r.retryAfter };
        return { id: command.id, ok: false, cacheHits, decidedAt, status: r.status, reason: r.reason, description: r.description, ...retryAfter, ...(cause === undefined ? {} : { cause }) };
      }
      case 'revoke':
        await revocations.revoke(command.jti, command.exp);
        return { id: command.id, done: true };
      case 'application': {
        const { write, application } = command;
        await (write === 'remove' ? applications.remove(application.uuid) : applications[write](application));
        return { id: command.id, done: true };
      }
      case 'blocking': {
        const editor = blocking as Partial<BlockingConditionsEditor> | undefined;
        if (editor?.add === undefined || editor.remove === undefined) throw new Error('this gateway cannot change blocking conditions');
        await (command.write === 'add' ? editor.add(command.condition) : editor.remove(command.condition));
        return { id: command.id, done: true };
      }
      case 'status':
        return { id: command.id, ...status() };
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
