/**
 * vitest globalSetup: one throwaway redis-server and one three-master Redis Cluster for the whole
 * run. Tests read the server's port with `inject('redisPort')`, the cluster's with
 * `inject('redisCluster')`, and the binary (to start their own, e.g. to stop one mid-run) with
 * `inject('redisServer')`.
 */
import type { TestProject } from 'vitest/node';
import { startRedisCluster } from './redis-cluster.js';
import { findOrInstallRedisServer, startRedisServer } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisPort: number;
    redisServer: string;
    redisCluster: readonly number[];
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const binary = findOrInstallRedisServer();
  const [server, cluster] = await Promise.all([startRedisServer(binary), startRedisCluster(binary)]);
  project.provide('redisPort', server.port);
  project.provide('redisServer', binary);
  project.provide('redisCluster', cluster.ports);
  return async () => {
    await Promise.all([server.stop(), cluster.stop()]);
  };
}
