import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_BUDGET_BYTES, kb, measureValidateOnly } from '../../scripts/size.mjs';

/*
 * What a validate-only app bundles from `keygate` (createValidator and the in-memory stores, from
 * the dist/ built by this project's globalSetup), measured as `npm run size` does: esbuild bundle and
 * minify (tree-shaking the rest of the core entry away), then gzip -9. docs/size.md must record it
 * (`npm run size -- --write`) and stay within its 10 KB budget.
 */
const root = resolve(import.meta.dirname, '../..');

describe('bundle size of a validate-only app', () => {
  it('is recorded in docs/size.md, and within the 10 KB budget', async () => {
    const app = await measureValidateOnly(root);
    const doc = readFileSync(join(root, 'docs/size.md'), 'utf8');
    expect(doc, 'docs/size.md is stale: run `npm run size -- --write`').toContain(`it is **within** the budget (${kb(app.gzipped)})`);
    expect(app.gzipped, `a validate-only app is ${kb(app.gzipped)} minified+gzipped`).toBeLessThanOrEqual(CORE_BUDGET_BYTES);
  });

  it("keeps none of the plugins' code: what only they use stays droppable by bundlers", async () => {
    const { code } = await measureValidateOnly(root);
    // Refusal kinds of the throttle, blocking conditions and resources live with those plugins.
    for (const text of ['Message throttled out', 'Message blocked', 'Method not allowed']) expect(code).not.toContain(text);
    // Module-level values of the restriction parser and the codecs, marked pure or written as literals.
    for (const text of ['Uint16Array(8)', 'Uint32Array(4)', '0123456789+/', 'it is longer than']) expect(code).not.toContain(text);
  });
});
