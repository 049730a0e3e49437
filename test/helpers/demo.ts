/** Runs `keygate demo` (the built bin, `npm run demo` or `npx keygate demo`) and reads its banner. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface DemoExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** What the demo printed after its banner. */
  readonly rest: string;
  readonly stderr: string;
}

export interface RunningDemo {
  readonly child: ChildProcess;
  /** Everything the demo printed up to "Press Ctrl-C to stop.". */
  readonly banner: string;
  /** The gateway's menu URL, e.g. http://localhost:41234/pizzashack/1.0.0/menu. */
  readonly menuUrl: string;
  /** The key from the `API key: <key>` line. */
  readonly apiKey: string;
  readonly exited: Promise<DemoExit>;
  /** Everything printed so far (the banner, then the backend's request log). */
  output(): string;
}

const READY = 'Press Ctrl-C to stop.\n';

/** Every demo process started and not yet exited, so a failing test cannot leave one running. */
const running = new Set<ChildProcess>();

/** Signals the demo: its whole process group when it has one (npm, sh and node, as Ctrl-C does). */
function signal(child: ChildProcess, name: NodeJS.Signals): void {
  if (child.spawnargs[0] !== process.execPath && child.pid !== undefined) process.kill(-child.pid, name);
  else child.kill(name);
}

/**
 * Starts the demo with PORT=0 (a free port) unless `env` says otherwise, and waits for its banner.
 * `command` is the built `keygate` bin (run with node as `keygate demo`), or a whole command line
 * such as `npm run demo` or `npx keygate demo`, which then runs in its own process group so that
 * stopDemo can signal all of it, as Ctrl-C does.
 */
export function startDemo(command: string | readonly string[], env: Record<string, string>, cwd?: string): Promise<RunningDemo> {
  const [program, ...args] = typeof command === 'string' ? [process.execPath, command, 'demo'] : command;
  const child = spawn(program ?? 'npm', args, {
    cwd,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: typeof command !== 'string',
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<DemoExit>((resolve) => {
    child.on('close', (code, exitSignal) => {
      running.delete(child);
      resolve({ code, signal: exitSignal, rest: stdout.slice(stdout.indexOf(READY) + READY.length), stderr });
    });
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (!stdout.includes(READY)) return;
      const menuUrl = /gateway +(http:\/\/\S+)/.exec(stdout)?.[1];
      const apiKey = /^API key: (\S+)$/m.exec(stdout)?.[1];
      if (menuUrl === undefined || apiKey === undefined) reject(new Error(`unexpected banner:\n${stdout}`));
      else resolve({ child, banner: stdout, menuUrl, apiKey, exited, output: () => stdout });
    });
    void exited.then(({ code }) => reject(new Error(`the demo exited (${String(code)}) before it was ready:\n${stdout}\n${stderr}`)));
  });
}

/** Stops the demo with a signal (to its whole process group when it has one) and waits for it to exit. */
export async function stopDemo(demo: RunningDemo, name: NodeJS.Signals = 'SIGINT'): Promise<DemoExit> {
  signal(demo.child, name);
  return demo.exited;
}

/** Stops every demo still running (for afterAll). */
export function stopAllDemos(): void {
  for (const child of running) signal(child, 'SIGKILL');
}
