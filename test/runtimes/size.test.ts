import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_BUDGET_BYTES, kb, measureFile } from '../../scripts/size.mjs';

/*
 * The size of the core entry `keygate` (dist/index.js, built by this project's globalSetup), measured as
 * `npm run size` does: esbuild minify, then gzip -9. docs/size.md must record it (`npm run size -- --write`).
 */
const root = resolve(import.meta.dirname, '../..');

/**
 * The budget is 10.5 KB (CORE_BUDGET_BYTES; 10 KB before the gateway's data model), and docs/size.md says
 * whether the core is within it. Since IP and referrer restrictions became the `keygate/restrict` plugin
 * the core fits: it must stay so.
 */
const CORE_LIMIT_BYTES = CORE_BUDGET_BYTES;

describe('bundle size of the core entry', () => {
  it('is recorded in docs/size.md, and within the 10.5 KB budget', async () => {
    const core = await measureFile(join(root, 'dist/index.js'));
    const doc = readFileSync(join(root, 'docs/size.md'), 'utf8');
    const verdict = core.gzipped > CORE_BUDGET_BYTES ? 'over' : 'within';
    expect(doc, 'docs/size.md is stale: run `npm run size -- --write`').toContain(`it is **${verdict}** the budget (${kb(core.gzipped)})`);
    expect(core.gzipped, `keygate core is ${kb(core.gzipped)} minified+gzipped`).toBeLessThanOrEqual(CORE_LIMIT_BYTES);
  });
});
