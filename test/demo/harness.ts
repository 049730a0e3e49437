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

/** Starts the built demo with PORT=0 (a free port) unless `env` says otherwise, and waits for its banner. */
export function startDemo(script: string, env: Record<string, string>): Promise<RunningDemo> {
  const child = spawn(process.execPath, [script], { env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<DemoExit>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, rest: stdout.slice(stdout.indexOf(READY) + READY.length), stderr }));
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

/** Stops the demo with a signal and waits for it to exit. */
export async function stopDemo(demo: RunningDemo, signal: NodeJS.Signals = 'SIGINT'): Promise<DemoExit> {
  demo.child.kill(signal);
  return demo.exited;
}
