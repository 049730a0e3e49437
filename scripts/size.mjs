// Minified + gzipped size of the built ESM entries, and of what typical apps import from the core
// entry (esbuild tree-shakes the built bundle). Run after tsup: `npm run size` (`--write` updates
// docs/size.md). Exits 1 when the whole core entry (`keygate`, dist/index.js) is over its budget.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const CORE_BUDGET_BYTES = 10 * 1024;
const ENTRIES = [
  ['`keygate` (whole entry)', 'dist/index.js'],
  ['`keygate/node`', 'dist/node.js'],
  ['`keygate/redis`', 'dist/redis.js'],
];
/** What an app pulls in from `keygate` when it imports only these names. */
const IMPORT_SETS = [
  ['gateway: createValidator, importPublicKey, createMemorySubscriptionStore, withApiKey', 'createValidator, importPublicKey, createMemorySubscriptionStore, withApiKey'],
  ['issuer: importPrivateKey, issueKey', 'importPrivateKey, issueKey'],
  ['README quick start: generateKeyPair, issueKey, createValidator, createMemorySubscriptionStore', 'generateKeyPair, issueKey, createValidator, createMemorySubscriptionStore'],
];

async function minify(contents) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'neutral',
    write: false,
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
const rows = [];
for (const [name, file] of ENTRIES) rows.push({ name, ...(await minify(readFileSync(file, 'utf8'))) });
for (const [name, names] of IMPORT_SETS) rows.push({ name, ...(await minify(`export { ${names} } from './dist/index.js';`)) });
for (const r of rows) console.log(`${kb(r.gzipped).padStart(9)} min+gzip  ${kb(r.minified).padStart(9)} min  ${r.name}`);

const core = rows[0];
const verdict = core.gzipped > CORE_BUDGET_BYTES ? 'over' : 'within';
if (process.argv.includes('--write')) {
  const table = rows.map((r) => `| ${r.name} | ${kb(r.minified)} | ${kb(r.gzipped)} |`).join('\n');
  writeFileSync(
    'docs/size.md',
    `# Bundle size\n\nMeasured by \`npm run size\`: esbuild minify of the built ESM bundle, then gzip -9. ` +
      `Import sets are what an app's bundler keeps from \`keygate\` when it imports only those names.\n\n` +
      `Budget for the whole core entry \`keygate\`: ${kb(CORE_BUDGET_BYTES)} minified+gzipped; it is **${verdict}** the budget ` +
      `(${kb(core.gzipped)}).\n\n| what | minified | minified + gzipped |\n|---|---|---|\n${table}\n`,
  );
}
if (verdict === 'over') {
  console.error(`keygate core is ${kb(core.gzipped)} minified+gzipped, over its ${kb(CORE_BUDGET_BYTES)} budget`);
  process.exitCode = 1;
}
