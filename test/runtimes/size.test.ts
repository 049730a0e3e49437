import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_BUDGET_BYTES, CORE_CEILING_BYTES, kb, measureValidateOnly } from '../../scripts/size.mjs';

/*
 * What a validate-only app bundles from `keygate` (createValidator and the in-memory stores, from
 * the dist/ built by this project's globalSetup), measured as `npm run size` does: esbuild bundle and
 * minify (tree-shaking the rest of the core entry away), then gzip -9. docs/size.md must record it
 * (`npm run size -- --write`). The budget is 10 KB; while over it (since 0.2.0's data model), it must
 * not grow past CORE_CEILING_BYTES.
 */
const root = resolve(import.meta.dirname, '../..');

describe('bundle size of a validate-only app', () => {
  it('is recorded in docs/size.md, and does not grow past its ceiling while over the 10 KB budget', async () => {
    const app = await measureValidateOnly(root);
    const doc = readFileSync(join(root, 'docs/size.md'), 'utf8');
    const verdict = app.gzipped > CORE_BUDGET_BYTES ? 'over' : 'within';
    expect(doc, 'docs/size.md is stale: run `npm run size -- --write`').toContain(`it is **${verdict}** the budget (${kb(app.gzipped)})`);
    expect(app.gzipped, `a validate-only app is ${kb(app.gzipped)} minified+gzipped`).toBeLessThanOrEqual(CORE_CEILING_BYTES);
  });

  it("keeps none of the plugins' code: what only they use stays droppable by bundlers", async () => {
    const { code } = await measureValidateOnly(root);
    // Refusal kinds of the throttle, blocking conditions and resources live with those plugins.
    for (const text of ['Message throttled out', 'Message blocked', 'Method not allowed']) expect(code).not.toContain(text);
    // Module-level values of the restriction parser and the codecs, marked pure or written as literals.
    for (const text of ['Uint16Array(8)', 'Uint32Array(4)', '0123456789+/', 'it is longer than']) expect(code).not.toContain(text);
  });
});
