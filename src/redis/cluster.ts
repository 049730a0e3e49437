import { KeygateError } from '../errors.js';
import type { SendCommandClient } from './client.js';

/** node-redis's cluster (`createCluster()`): commands name the key that picks the node. */
export interface NodeRedisClusterLike {
  sendCommand(firstKey: string | undefined, isReadonly: boolean | undefined, args: string[]): Promise<unknown>;
}

/** The key that routes a command keygate sends (scripts: their first key; XREAD: the first stream). */
function firstKey(args: readonly string[]): string | undefined {
  const name = (args[0] ?? '').toUpperCase();
  if (name === 'EVAL' || name === 'EVALSHA') return Number(args[2]) > 0 ? args[3] : undefined;
  if (name === 'XREAD') {
    const streams = args.findIndex((arg) => arg.toUpperCase() === 'STREAMS');
    return streams < 0 ? undefined : args[streams + 1];
  }
  return args[1];
}

/**
 * Adapts a node-redis cluster (`createCluster()`, or its `duplicate()` for a replica's reader) to
 * the client keygate takes: node-redis's cluster wants each command's first key, which this
 * finds for every command keygate sends. Commands go to masters only: a replica node may lag, and
 * a replica of keygate's tables must not take a lagging read for a current one.
 * ioredis's `Cluster` needs no adapter.
 */
export function nodeRedisCluster(cluster: NodeRedisClusterLike): SendCommandClient {
  if (cluster === null || typeof cluster !== 'object' || typeof cluster.sendCommand !== 'function') {
    throw new KeygateError('ERR_INVALID_OPTION', 'nodeRedisCluster needs a node-redis cluster (createCluster())');
  }
  return { sendCommand: (args) => cluster.sendCommand(firstKey(args), false, args) };
}
