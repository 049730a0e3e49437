/** Connects both supported clients to the test Redis Cluster: ioredis `Cluster` and node-redis `createCluster`. */
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { nodeRedisCluster } from '../../src/redis/index.js';
import type { ClientKind, Connected } from './clients.js';

const quiet = (): void => undefined;

export async function connectCluster(kind: ClientKind, ports: readonly number[]): Promise<Connected> {
  const nodes = ports.map((port) => ({ host: '127.0.0.1', port }));
  if (kind === 'node-redis') {
    const cluster = createCluster({ rootNodes: nodes.map((socket) => ({ socket })) });
    cluster.on('error', quiet);
    await cluster.connect();
    const reader = cluster.duplicate();
    reader.on('error', quiet);
    await reader.connect();
    return {
      client: nodeRedisCluster(cluster),
      // node-redis's cluster subscribes through a node of its own choosing.
      subscriber: cluster,
      reader: nodeRedisCluster(reader),
      raw: (...args) => cluster.sendCommand(args[1], false, args),
      async close() {
        cluster.destroy();
        reader.destroy();
      },
    };
  }
  const cluster = new Cluster(nodes, { lazyConnect: true });
  cluster.on('error', quiet);
  await cluster.connect();
  const subscriber = cluster.duplicate();
  subscriber.on('error', quiet);
  const reader = cluster.duplicate();
  reader.on('error', quiet);
  return {
    client: cluster,
    subscriber,
    reader,
    raw: (command, ...args) => cluster.call(command, ...args),
    async close() {
      cluster.disconnect();
      subscriber.disconnect();
      reader.disconnect();
    },
  };
}
