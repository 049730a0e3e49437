/**
 * A throwaway Redis Cluster of three masters on free loopback ports: three `redis-server
 * --cluster-enabled yes`, joined by `redis-cli --cluster create` (redis-cli comes with Debian's
 * redis-server package; `redis-tools` otherwise, installed with apt-get when missing and root).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, startRedisServer, type RunningRedis } from './redis-server.js';

function works(binary: string): boolean {
  return spawnSync(binary, ['--version'], { encoding: 'utf8' }).status === 0;
}

/** redis-cli next to redis-server, on the PATH, or installed with apt-get. */
export function findOrInstallRedisCli(serverBinary: string): string {
  const candidates = [process.env.KEYGATE_REDIS_CLI, join(dirname(serverBinary), 'redis-cli'), 'redis-cli', '/usr/bin/redis-cli'];
  const found = (): string | undefined => candidates.find((c) => c !== undefined && works(c));
  const ready = found();
  if (ready !== undefined) return ready;
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update'], { stdio: 'ignore', env });
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-tools'], { stdio: 'ignore', env });
  }
  const installed = found();
  if (installed === undefined) throw new Error('keygate\'s Redis Cluster tests need redis-cli: install redis-tools (apt-get install redis-tools) or set KEYGATE_REDIS_CLI');
  return installed;
}

export interface RunningCluster {
  /** The masters' ports; any one of them is a seed for a cluster client. */
  readonly ports: readonly number[];
  stop(): Promise<void>;
}

const run = (cli: string, args: readonly string[]): string => {
  const result = spawnSync(cli, args, { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`redis-cli ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
};

/** Starts three masters, creates the cluster over them and waits until every node says `cluster_state:ok`. */
export async function startRedisCluster(serverBinary: string, masters = 3): Promise<RunningCluster> {
  const cli = findOrInstallRedisCli(serverBinary);
  const dir = mkdtempSync(join(tmpdir(), 'keygate-cluster-'));
  const nodes: RunningRedis[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => node.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      const args = ['--cluster-enabled', 'yes', '--cluster-port', String(await freePort()), '--cluster-config-file', join(dir, `nodes-${String(port)}.conf`), '--dir', dir, '--cluster-node-timeout', '2000'];
      nodes.push(await startRedisServer(serverBinary, port, { args }));
    }
    const ports = nodes.map((node) => node.port);
    run(cli, ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${String(port)}`), '--cluster-replicas', '0', '--cluster-yes']);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const states = ports.map((port) => /cluster_state:(\w+)/.exec(run(cli, ['-p', String(port), 'cluster', 'info']))?.[1]);
      if (states.every((state) => state === 'ok')) break;
      if (Date.now() > deadline) throw new Error(`the Redis Cluster did not settle: ${states.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { ports, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
