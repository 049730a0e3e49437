/**
 * Builds the Node program (the `keygate` bin, `keygate demo` included) with the package's own tsup
 * config into a temp directory, so tests spawn exactly what `npm run build` / `npm run demo` produce
 * without touching dist/ (other suites pack and test that).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Options } from 'tsup';
import config from '../../tsup.config.js';

export async function buildProgram(name: 'keygate'): Promise<string> {
  const configs: readonly Options[] = Array.isArray(config) ? config : [];
  const program = configs.find((c) => typeof c.entry === 'object' && !Array.isArray(c.entry) && name in c.entry);
  if (program === undefined) throw new Error(`tsup.config.ts has no entry named ${name}`);
  const outDir = mkdtempSync(join(tmpdir(), `keygate-${name}-`));
  await build({ ...program, outDir, silent: true, config: false });
  return join(outDir, `${name}.js`);
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node script ...args` to completion, feeding `input` on stdin. */
export function runNode(script: string, args: readonly string[], options: { input?: string; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
