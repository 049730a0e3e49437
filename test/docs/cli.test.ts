/** docs/cli.md: its session runs with the built bin, and its sample outputs match the real ones. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../helpers/programs.js';
import { blocksOf, runShellBlocks } from './guide-runner.js';

let bin = '';
beforeAll(async () => {
  bin = await buildProgram('keygate');
});

describe('docs/cli.md', () => {
  it('runs its session, whose output has the shape the page shows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keygate-guide-'));
    const blocks = blocksOf('docs/cli.md', 'sh');
    expect(blocks).toHaveLength(1);
    const [out] = runShellBlocks(blocks, dir, bin);
    const shownLines = (block: string) => block.split('\n').filter((line) => line.length > 0);
    const [inspectShown, verifyShown] = blocksOf('docs/cli.md', 'text');
    // Every label line of the page's sample output appears in the real output (times differ).
    for (const line of [...shownLines(inspectShown ?? ''), ...shownLines(verifyShown ?? '')]) {
      const label = line.match(/^(\s*\S+(?: \S+)?\s{2,})/)?.[1] ?? line;
      expect(out).toContain(label);
    }
    expect(out).toContain('API           /pizzashack 1.0.0\n');
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { claims: { sub: string }; restrictions: { ip: string[] } };
    expect(summary.claims.sub).toBe('kanchana');
    expect(summary.restrictions.ip).toEqual(['127.0.0.1']);
  });

  it('shows the key-file annotations keygen really writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keygate-guide-'));
    runShellBlocks(['keygate keygen --alias signing-2026 --alg ES256 --out k'], dir, bin);
    const shown = blocksOf('docs/cli.md', 'text')[2] ?? '';
    expect(readFileSync(join(dir, 'k/private.pem'), 'utf8').startsWith(shown.slice(0, shown.indexOf('...')))).toBe(true);
  });
});
