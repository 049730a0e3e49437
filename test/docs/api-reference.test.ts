import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectExports, renderApiReference, type EntryPoint } from '../../scripts/api-reference.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const API_MD = join(root, 'docs/api.md');

/** The package's entry points (those that exist yet). */
const ENTRIES: EntryPoint[] = [
  { specifier: 'keygate', file: join(root, 'src/index.ts') },
  { specifier: 'keygate/keys', file: join(root, 'src/keys/index.ts') },
  { specifier: 'keygate/issue', file: join(root, 'src/issue/index.ts') },
  { specifier: 'keygate/gateway', file: join(root, 'src/gateway/index.ts') },
  { specifier: 'keygate/restrict', file: join(root, 'src/restrict/index.ts') },
  { specifier: 'keygate/fetch', file: join(root, 'src/fetch/index.ts') },
  { specifier: 'keygate/node', file: join(root, 'src/node/index.ts') },
  { specifier: 'keygate/redis', file: join(root, 'src/redis/index.ts') },
  { specifier: 'keygate/hono', file: join(root, 'src/hono/index.ts') },
  { specifier: 'keygate/service', file: join(root, 'src/service/index.ts') },
].filter((entry) => existsSync(entry.file));

describe('docs/api.md', () => {
  const exports = collectExports(ENTRIES, root);

  // `npm run docs:api` sets this to rewrite the file from the sources.
  if (process.env.KEYGATE_WRITE_API_DOCS === '1') writeFileSync(API_MD, renderApiReference(exports));

  it('the generator lists every runtime export of every entry point', async () => {
    for (const entry of ENTRIES) {
      const module = (await import(entry.file)) as Record<string, unknown>;
      const listed = new Set(exports.filter((e) => e.entry === entry.specifier).map((e) => e.name));
      for (const name of Object.keys(module)) expect(listed, `${entry.specifier} exports ${name}`).toContain(name);
    }
  });

  it('every export has a TSDoc summary (the reference shows it above the declaration)', () => {
    expect(exports.filter((e) => e.description.length === 0).map((e) => `${e.entry}: ${e.name} (${e.source})`)).toEqual([]);
  });

  it('documents every export, types included (run `npm run docs:api` after adding one)', () => {
    const markdown = readFileSync(API_MD, 'utf8');
    const missing = exports.filter((e) => !markdown.includes(`\n### ${e.name}\n`) || !markdown.includes(`## \`${e.entry}\``));
    expect(missing.map((e) => `${e.entry}: ${e.name}`)).toEqual([]);
  });
});
