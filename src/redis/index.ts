/** `keygate/redis`: shared subscriptions, applications, revocations and rate limits for a fleet of gateways. */
export type { CallClient, RedisClientLike, RedisCommonOptions, SendCommandClient } from './client.js';
export type { IoRedisSubscriber, NodeRedisSubscriber, RedisSubscriberLike } from './pubsub.js';
export { createRedisSubscriptionStore } from './subscriptions.js';
export type { RedisSubscriptionStore, RedisSubscriptionStoreOptions } from './subscriptions.js';
export { createRedisApplicationStore } from './applications.js';
export type { RedisApplicationStore, RedisApplicationStoreOptions } from './applications.js';
export { createRedisRevocationStore } from './revocations.js';
export type { RedisRevocationStore, RedisRevocationStoreOptions } from './revocations.js';
export { createRedisRateLimiter } from './rate-limiter.js';
export type { RedisRateLimiterOptions } from './rate-limiter.js';
export { createRedisReplica } from './replica.js';
export type { RedisReplicaOptions } from './replica.js';
export type { RedisReplica, ReplicaApplicationStore, ReplicaRevocationStore, ReplicaSubscriptionStore } from './replica-stores.js';
export type { ReplicaStatus } from '../replica/follower.js';
export { createRedisReplicaWriter } from './replica-writer.js';
export type { RedisReplicaWriter, RedisReplicaWriterOptions, ReplicaApplicationWriter, ReplicaRevocationWriter, ReplicaSubscriptionWriter } from './replica-writer.js';
export { nodeRedisCluster } from './cluster.js';
export type { NodeRedisClusterLike } from './cluster.js';
