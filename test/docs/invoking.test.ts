/** docs/invoking.md: the TypeScript block here; the curl block runs against the demo in test/cli/demo/demo.test.ts. */
import { describe, expect, it } from 'vitest';
import { blocksOf, runGuide } from './guide-runner.js';

describe('docs/invoking.md', () => {
  it('runs and prints what it says (its curl block runs against the demo: test/cli/demo/demo.test.ts)', async () => {
    await runGuide('docs/invoking.md');
    expect(blocksOf('docs/invoking.md', 'sh')).toHaveLength(1);
  });
});
