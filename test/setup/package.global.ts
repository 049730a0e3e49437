/**
 * vitest globalSetup of the `runtimes` project: builds the package once, packs it with `npm pack`,
 * installs the tarball into a scratch consumer under the OS temp dir (the way a user gets it), and
 * finds or installs Debian's chromium. Tests read the paths with `inject(...)`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { findOrInstallChromium } from './chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The scratch app with keygate installed from the tarball (and the real frameworks, linked). */
    consumerDir: string;
    tarball: string;
    chromium: string;
  }
}

const root = resolve(import.meta.dirname, '../..');
const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Frameworks the consumer uses: keygate's own dev dependencies, linked rather than downloaded again. */
const FRAMEWORKS = ['express', 'fastify', 'hono'];

export default function setup(project: TestProject): () => void {
  const chromium = findOrInstallChromium();
  execFileSync('npx', ['tsup', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const work = mkdtempSync(join(tmpdir(), 'keygate-runtimes-'));
  const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], root)) as { filename: string }[];
  const tarball = join(work, packed[0]!.filename);

  const consumerDir = join(work, 'consumer');
  mkdirSync(consumerDir);
  writeFileSync(join(consumerDir, 'package.json'), JSON.stringify({ name: 'keygate-consumer', private: true, type: 'module', dependencies: { keygate: `file:${tarball}` } }));
  npm(['install', '--ignore-scripts', '--prefer-offline'], consumerDir);
  cpSync(join(root, 'test/runtimes/fixtures'), consumerDir, { recursive: true });
  for (const name of FRAMEWORKS) symlinkSync(join(root, 'node_modules', name), join(consumerDir, 'node_modules', name), 'dir');

  project.provide('consumerDir', consumerDir);
  project.provide('tarball', tarball);
  project.provide('chromium', chromium);
  return () => rmSync(work, { recursive: true, force: true });
}
