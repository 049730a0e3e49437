import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** The runtimes under test: Node itself, and Deno and Bun from their npm packages (dev dependencies). */
export const RUNTIMES = {
  node: { command: process.execPath, args: [] as string[] },
  deno: { command: join(root, 'node_modules/.bin/deno'), args: ['run', '--no-prompt', '--allow-read', '--allow-env', '--allow-net=127.0.0.1,0.0.0.0'] },
  bun: { command: join(root, 'node_modules/.bin/bun'), args: [] as string[] },
} as const;
export type Runtime = keyof typeof RUNTIMES;

/** Fails loudly, naming the fix, when a runtime binary is not installed. */
export function requireRuntime(runtime: Runtime): void {
  const { command } = RUNTIMES[runtime];
  if (!existsSync(command)) throw new Error(`${runtime} is missing at ${command}: run npm ci (the ${runtime} npm package is a dev dependency)`);
}

const QUIET_ENV = { DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1', NO_COLOR: '1' };

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `script` in a runtime, in `cwd`, with extra environment variables. */
export function start(runtime: Runtime, script: string, cwd: string, env: Record<string, string> = {}): ChildProcess {
  requireRuntime(runtime);
  const { command, args } = RUNTIMES[runtime];
  return spawn(command, [...args, script], { cwd, env: { ...process.env, ...QUIET_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `script` to completion (killed after `timeoutMs`). */
export function run(runtime: Runtime, script: string, cwd: string, env: Record<string, string> = {}, timeoutMs = 90_000): Promise<Finished> {
  return new Promise((resolvePromise, reject) => {
    const child = start(runtime, script, cwd, env);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** The last stdout line as JSON, with the whole output in the error when it is not. */
export function lastJson(result: Finished): unknown {
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`expected JSON output (exit ${result.code})\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

/** Starts a server script with PORT set and waits until it answers on 127.0.0.1 (or fails with its output). */
export async function serve(runtime: Runtime, script: string, cwd: string): Promise<{ origin: string; stop(): void }> {
  const port = await freePort();
  const child = start(runtime, script, cwd, { PORT: String(port) });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (output += c));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${runtime} ${script} exited with ${child.exitCode}:\n${output}`);
    try {
      await fetch(origin, { signal: AbortSignal.timeout(2_000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${runtime} ${script} did not listen on ${origin} within 60 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { origin, stop: () => child.kill('SIGKILL') };
}
