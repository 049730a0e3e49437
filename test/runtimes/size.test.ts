import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_BUDGET_BYTES, kb, measureValidateOnly } from '../../scripts/size.mjs';

/*
 * What a validate-only app bundles from `keygate` (createValidator and the in-memory stores, from
 * the dist/ built by this project's globalSetup), measured as `npm run size` does: esbuild bundle and
 * minify (tree-shaking the rest of the core entry away), then gzip -9. docs/size.md must record it
 * (`npm run size -- --write`), and it must stay within the 11 KB budget (10 KB before the gateway's data model).
 */
const root = resolve(import.meta.dirname, '../..');

describe('bundle size of a validate-only app', () => {
  it('is recorded in docs/size.md, and within the 11 KB budget', async () => {
    const app = await measureValidateOnly(root);
    const doc = readFileSync(join(root, 'docs/size.md'), 'utf8');
    const verdict = app.gzipped > CORE_BUDGET_BYTES ? 'over' : 'within';
    expect(doc, 'docs/size.md is stale: run `npm run size -- --write`').toContain(`it is **${verdict}** the budget (${kb(app.gzipped)})`);
    expect(app.gzipped, `a validate-only app is ${kb(app.gzipped)} minified+gzipped`).toBeLessThanOrEqual(CORE_BUDGET_BYTES);
  });
});
