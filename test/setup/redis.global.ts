/**
 * vitest globalSetup: one throwaway redis-server for the whole run. Tests read its port with
 * `inject('redisPort')` and the binary (to start their own, e.g. to stop one mid-run) with
 * `inject('redisServer')`.
 */
import type { TestProject } from 'vitest/node';
import { findOrInstallRedisServer, startRedisServer } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisPort: number;
    redisServer: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const binary = findOrInstallRedisServer();
  const server = await startRedisServer(binary);
  project.provide('redisPort', server.port);
  project.provide('redisServer', binary);
  return () => server.stop();
}
