import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const ENTRIES = ['index', 'keys', 'issue', 'gateway', 'restrict', 'fetch', 'node', 'redis', 'hono', 'service'];

/** What `npm pack` ships: every entry in both formats with types, and nothing from the repository's insides. */
describe('the packed tarball', () => {
  const files = execFileSync('tar', ['-tzf', inject('tarball')], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));

  it('has ESM, CJS and both kinds of declarations for each entry', () => {
    for (const entry of ENTRIES) {
      for (const ext of ['js', 'cjs', 'd.ts', 'd.cts']) expect(files).toContain(`dist/${entry}.${ext}`);
    }
    expect(files).toContain('dist/cli/keygate.js');
  });

  it('ESM entries import only chunks shipped next to them; CJS entries are self-contained', () => {
    const dist = join(inject('consumerDir'), 'node_modules/keygate/dist');
    const relativeImports = (file: string) =>
      [...readFileSync(join(dist, file), 'utf8').matchAll(/(?:from|import)\s*['"](\.[^'"]*)['"]|require\(['"](\.[^'"]*)['"]\)/g)].map((m) => m[1] ?? m[2]);
    const seen = new Set<string>();
    const pending = ENTRIES.map((entry) => `${entry}.js`);
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
      for (const target of relativeImports(file)) {
        expect(target, `${file} imports ${target}`).toMatch(/^\.\/chunk-[\w-]+\.js$/);
        expect(files).toContain(`dist/${target!.slice(2)}`);
        if (!seen.has(target!)) pending.push(target!.slice(2));
        seen.add(target!);
      }
    }
    expect(seen.size, 'the ESM entries share chunks').toBeGreaterThan(0);
    for (const entry of ENTRIES) expect(relativeImports(`${entry}.cjs`), `${entry}.cjs`).toEqual([]);
  });

  it('leaves out sources, tests and scripts', () => {
    expect(files.filter((f) => /^(src|test|scripts|bench|examples|\.ci)\//.test(f))).toEqual([]);
  });
});
