/**
 * Finds (or installs, with Debian's apt-get) a `redis-server` binary and runs throwaway servers on
 * free loopback ports, with no persistence. Used by the vitest globalSetup and by tests that stop
 * and restart Redis mid-run. Fails loudly: a missing Redis must never turn into skipped tests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

const INSTALL_HINT =
  'keygate\'s Redis tests need redis-server: install it (Debian/Ubuntu: `apt-get update && apt-get install -y redis-server`) ' +
  'or point KEYGATE_REDIS_SERVER at a redis-server binary.';

function works(binary: string): boolean {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 && /Redis server/i.test(probe.stdout);
}

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` failed (${result.error?.message ?? `exit ${String(result.status)}`}): ${result.stderr.slice(-500)}\n${INSTALL_HINT}`);
  }
}

/** Returns a usable redis-server path, installing Debian's package when it is missing and we are root. */
export function findOrInstallRedisServer(): string {
  const candidates = [process.env.KEYGATE_REDIS_SERVER, 'redis-server', '/usr/bin/redis-server', '/usr/local/bin/redis-server'];
  for (const c of candidates) if (c && works(c)) return c;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error(`redis-server was not found and this process is not root, so it cannot be installed. ${INSTALL_HINT}`);
  }
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server']);
  for (const c of candidates) if (c && works(c)) return c;
  throw new Error(`apt-get installed redis-server but no working binary was found. ${INSTALL_HINT}`);
}

/** A port the kernel just handed out on 127.0.0.1 (free at the time of the call). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once a TCP connection to the port answers PING with PONG. */
async function waitForPong(port: number, deadline: number, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${String(child.exitCode)} before accepting connections`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.setTimeout(500);
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${String(port)} did not answer PING within the deadline`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface RunningRedis {
  readonly port: number;
  /** Stops the server (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL: no shutdown, no last write) and waits for it to exit. */
  kill(): Promise<void>;
}

export interface RedisServerOptions {
  /** More `--name value` arguments; a later one overrides the defaults (no persistence). */
  readonly args?: readonly string[];
}

/** Starts a redis-server with no persistence on `port` (default: a free one), bound to loopback only. */
export async function startRedisServer(binary: string, port?: number, options: RedisServerOptions = {}): Promise<RunningRedis> {
  const chosen = port ?? (await freePort());
  const args = ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning', ...(options.args ?? [])];
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  // Never outlive the process that started it, even when a test run dies half way.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  try {
    await waitForPong(chosen, Date.now() + 10_000, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`could not start redis-server on 127.0.0.1:${String(chosen)}: ${(error as Error).message}\n${stderr}`);
  }
  const end = (signal: 'SIGTERM' | 'SIGKILL') =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill(signal);
    });
  return { port: chosen, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}
