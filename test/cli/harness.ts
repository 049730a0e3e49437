import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram, runNode, type RunResult } from '../helpers/programs.js';

export interface Cli {
  /** Runs the built `keygate` bin in `dir`. */
  run(args: readonly string[], input?: string): Promise<RunResult>;
  /** A scratch directory for this test file (the bin's working directory). */
  readonly dir: string;
  /** Runs `keygate issue` with `--key keys/private.pem` and the app's uuid; resolves to the key. */
  issue(args?: readonly string[], keyFile?: string): Promise<string>;
}

export const APP_UUID = '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547';

/** Builds the bin once per test file and generates keys/ (RS256, default alias) in a scratch dir. */
export async function setUpCli(): Promise<Cli> {
  const bin = await buildProgram('keygate');
  const dir = mkdtempSync(join(tmpdir(), 'keygate-cli-'));
  const run = (args: readonly string[], input?: string) => runNode(bin, args, { cwd: dir, ...(input === undefined ? {} : { input }) });
  const keygen = await run(['keygen', '--out', 'keys']);
  if (keygen.status !== 0) throw new Error(`keygen failed: ${keygen.stderr}`);
  return {
    run,
    dir,
    async issue(args = [], keyFile = 'keys/private.pem') {
      const result = await run(['issue', '--key', keyFile, '--app-uuid', APP_UUID, ...args]);
      if (result.status !== 0) throw new Error(`issue failed: ${result.stderr}`);
      return result.stdout.trim();
    },
  };
}
