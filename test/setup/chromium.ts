/**
 * Finds Debian's chromium, installing it with apt-get when missing (CI starts from a fresh machine).
 * Never downloads a browser build of its own: a missing, uninstallable chromium is a loud failure.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

function works(): boolean {
  if (!existsSync(CHROMIUM)) return false;
  try {
    execFileSync(CHROMIUM, ['--version'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

export function findOrInstallChromium(): string {
  if (works()) return CHROMIUM;
  let detail = '';
  try {
    execFileSync('apt-get', ['update'], { stdio: 'pipe', timeout: 300_000 });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'pipe',
      timeout: 900_000,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (err) {
    detail = err instanceof Error ? `: ${err.message.slice(0, 500)}` : '';
  }
  if (!works()) {
    throw new Error(`The browser tests need Debian's chromium at ${CHROMIUM}; apt-get install -y chromium failed${detail}. Install it (as root: apt-get update && apt-get install -y chromium).`);
  }
  return CHROMIUM;
}
