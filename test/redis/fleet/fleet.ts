/** Builds the fleet worker once and runs gateways as child processes speaking protocol.ts. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import type { FleetCommand, FleetReply, WorkerConfig } from './protocol.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Bundles worker.ts (and keygate's sources) into .tmp/, where node_modules still resolves redis and ioredis. */
export async function buildWorker(): Promise<{ readonly path: string; remove(): void }> {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const outDir = mkdtempSync(join(root, '.tmp', 'fleet-'));
  await build({
    entry: { worker: join(root, 'test/redis/fleet/worker.ts') },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    external: ['redis', 'ioredis'],
    dts: false,
    sourcemap: false,
    config: false,
    silent: true,
  });
  return { path: join(outDir, 'worker.js'), remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

type Reply = Exclude<FleetReply, { readonly event: string }>;
type Event = Extract<FleetReply, { readonly event: string }> & { readonly at: number };
type Command = FleetCommand extends infer C ? (C extends FleetCommand ? Omit<C, 'id'> : never) : never;

export interface Gateway {
  readonly name: string;
  /** Sends a command and resolves with its reply, stamped with the parent's clock on arrival. */
  send(command: Command): Promise<Reply & { readonly at: number }>;
  /** Resolves with the first event (past or future) that matches, or rejects after `timeoutMs`. */
  event(match: (e: Event) => boolean, timeoutMs?: number): Promise<Event>;
  /** True while the process runs (a crash would make it false). */
  alive(): boolean;
  stop(): Promise<void>;
}

export async function startGateway(workerPath: string, name: string, config: WorkerConfig): Promise<Gateway> {
  const child: ChildProcess = spawn(process.execPath, [workerPath], {
    env: { ...process.env, KEYGATE_FLEET_WORKER: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const pending = new Map<number, (reply: Reply & { at: number }) => void>();
  const events: Event[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const at = Date.now();
    const reply = JSON.parse(line) as FleetReply;
    if ('event' in reply) {
      events.push({ ...reply, at });
      for (const wake of waiters) wake();
    } else {
      pending.get(reply.id)?.({ ...reply, at });
      pending.delete(reply.id);
    }
  });
  let nextId = 0;
  const gateway: Gateway = {
    name,
    send(command) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        if (!gateway.alive()) return reject(new Error(`gateway ${name} is not running: ${stderr}`));
        pending.set(id, resolve);
        child.stdin!.write(`${JSON.stringify({ ...command, id })}\n`);
      });
    },
    event(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = events.find(match);
          if (!found) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`gateway ${name}: no matching event within ${String(timeoutMs)} ms. stderr: ${stderr}`));
        }, timeoutMs);
        if (!check()) waiters.add(wake);
      });
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () =>
      new Promise<void>((resolve) => {
        if (!gateway.alive()) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
  await gateway.event((e) => e.event === 'ready', 20_000);
  return gateway;
}
