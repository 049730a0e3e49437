/** docs/generating-keys.md: TypeScript blocks against src/, the shell block with the built bin. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeKey } from '../../src/issue/index.js';
import { buildProgram } from '../helpers/programs.js';
import { blocksOf, runGuide, runShellBlocks } from './guide-runner.js';

let bin = '';
beforeAll(async () => {
  bin = await buildProgram('keygate');
});

describe('docs/generating-keys.md', () => {
  it('runs and prints what it says', async () => {
    await runGuide('docs/generating-keys.md');
  });

  it('its command-line block issues the same kinds of keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keygate-guide-'));
    const [inspect] = runShellBlocks(blocksOf('docs/generating-keys.md', 'sh'), dir, bin);
    expect(inspect).toContain('lightweight (application id and uuid only)');
    expect(inspect).toContain('sub          kanchana');
    const full = decodeKey(runShellBlocks(['cat full-key.txt'], dir, bin)[0] ?? '');
    expect(full.payload.subscribedAPIs).toEqual([expect.objectContaining({ context: '/pizzashack/1.0.0', version: '1.0.0' })]);
  });
});
