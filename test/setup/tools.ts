/**
 * vitest globalSetup: the key tests need `openssl` (certificates, fingerprints) and the docs tests
 * `keytool` (a WSO2-style Java keystore). Install them with apt-get when missing; fail loudly otherwise.
 */
import { execFileSync } from 'node:child_process';

const TOOLS: ReadonlyArray<{ command: string; args: string[]; apt: string }> = [
  { command: 'openssl', args: ['version'], apt: 'openssl' },
  { command: 'keytool', args: ['-help'], apt: 'default-jre-headless' },
];

function present(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export default function setup(): void {
  const missing = TOOLS.filter((tool) => !present(tool.command, tool.args));
  if (missing.length === 0) return;
  const packages = missing.map((tool) => tool.apt);
  try {
    execFileSync('apt-get', ['update'], { stdio: 'ignore' });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'ignore' });
  } catch {
    // Reported below.
  }
  const still = missing.filter((tool) => !present(tool.command, tool.args));
  if (still.length > 0) {
    throw new Error(
      `keygate tests need ${still.map((t) => t.command).join(' and ')}: install them (apt-get install ${still.map((t) => t.apt).join(' ')})`,
    );
  }
}
