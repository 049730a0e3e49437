import { execFileSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';

/** What `npm pack` ships: every entry in both formats with types, and nothing from the repository's insides. */
describe('the packed tarball', () => {
  const files = execFileSync('tar', ['-tzf', inject('tarball')], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));

  it('has ESM, CJS and both kinds of declarations for each entry', () => {
    for (const entry of ['index', 'keys', 'issue', 'gateway', 'restrict', 'fetch', 'node', 'redis']) {
      for (const ext of ['js', 'cjs', 'd.ts', 'd.cts']) expect(files).toContain(`dist/${entry}.${ext}`);
    }
    expect(files).toContain('dist/cli/keygate.js');
  });

  it('leaves out sources, tests and scripts', () => {
    expect(files.filter((f) => /^(src|test|scripts|bench|examples|\.ci)\//.test(f))).toEqual([]);
  });
});
