/**
 * README's npm quick start, followed in a project that installed the packed tarball (the global
 * setup's consumer, with the real express linked): `npx keygate keygen`, `npx keygate issue`, then
 * the `server.js` (ESM) and `server.cjs` (CommonJS) snippets as written, served and called.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { snippetFile } from '../helpers/snippets.js';
import { freePort } from './run.js';

const consumerDir = inject('consumerDir');
let dir: string;
let apiKey: string;
const servers: ChildProcess[] = [];

const npx = (args: string[]): string =>
  execFileSync('npx', ['--no-install', 'keygate', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

beforeAll(() => {
  // A project of its own next to the consumer, sharing its node_modules (keygate from the tarball, express).
  dir = mkdtempSync(join(consumerDir, '..', 'readme-'));
  symlinkSync(join(consumerDir, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'readme-app', private: true, type: 'module' }));
  npx(['keygen', '--out', 'keys']);
  apiKey = npx(['issue', '--key', 'keys/private.pem', '--app-uuid', '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547']).trim();
});
afterAll(() => {
  for (const server of servers) server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function serve(file: string): Promise<string> {
  writeFileSync(join(dir, file), snippetFile('README.md', file));
  const port = await freePort();
  const child = spawn(process.execPath, [file], { cwd: dir, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(child);
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const origin = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; ; ) {
    if (child.exitCode !== null) throw new Error(`${file} exited with ${child.exitCode}: ${output}`);
    try {
      await fetch(origin);
      return origin;
    } catch {
      if (Date.now() > deadline) throw new Error(`${file} did not listen: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe("README's npm quick start, on the installed package", () => {
  it.each(['server.js', 'server.cjs'])('%s serves the key npx keygate issued, and refuses a call without it', async (file) => {
    const origin = await serve(file);
    const ok = await fetch(`${origin}/pizzashack/1.0.0/menu`, { headers: { apikey: apiKey } });
    expect([ok.status, await ok.json()]).toEqual([200, { application: '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547' }]);
    const missing = await fetch(`${origin}/pizzashack/1.0.0/menu`);
    expect([missing.status, ((await missing.json()) as { code: string }).code]).toEqual([401, '900902']);
  });
});
