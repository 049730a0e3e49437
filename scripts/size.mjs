// Minified + gzipped size of each built ESM entry, and of what typical apps import (esbuild
// tree-shakes the built bundles). Run after tsup: `npm run size` (`--write` updates docs/size.md,
// `--why` lists the validate-only app's sources by minified bytes). Exits 1 when a validate-only app
// (createValidator and the in-memory stores from `keygate`) is over its budget;
// test/runtimes/size.test.ts checks docs/size.md against the build.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

// A validate-only app's budget. 0.2.0's data model took it to 10.80 KB; it is back within since
// bundlers can drop the restriction parser's tables, the plugins' refusal kinds live with the
// plugins, and the request path is read by two fixed patterns without judging the host.
export const CORE_BUDGET_BYTES = 10 * 1024;
export const ENTRIES = [
  ['`keygate` (the whole core entry: validator, stores, keys, issuing)', 'dist/index.js'],
  ['`keygate/keys`', 'dist/keys.js'],
  ['`keygate/issue`', 'dist/issue.js'],
  ['`keygate/gateway`', 'dist/gateway.js'],
  ['`keygate/restrict`', 'dist/restrict.js'],
  ['`keygate/fetch`', 'dist/fetch.js'],
  ['`keygate/node`', 'dist/node.js'],
  ['`keygate/redis`', 'dist/redis.js'],
  ['`keygate/hono`', 'dist/hono.js'],
  ['`keygate/service`', 'dist/service.js'],
];
/** What an app pulls in when it imports only these names (entry -> names). */
// The first set is the budgeted one: an app that only validates (keys handed over as PublicKey objects or a KeyStore).
const VALIDATE_ONLY = 'validate-only app: createValidator, createMemorySubscriptionStore, createMemoryRevocationStore';
const IMPORT_SETS = [
  [VALIDATE_ONLY, { index: 'createValidator, createMemorySubscriptionStore, createMemoryRevocationStore' }],
  ['browser key checker: the above + createJwksKeyStore', { index: 'createValidator, createMemorySubscriptionStore, createJwksKeyStore' }],
  ['gateway: createValidator, createMemorySubscriptionStore, importPublicKey, withApiKey', { index: 'createValidator, createMemorySubscriptionStore, importPublicKey', fetch: 'withApiKey' }],
  ['gateway with restrictions: the above + createRestrictions', {
    index: 'createValidator, createMemorySubscriptionStore, importPublicKey',
    fetch: 'withApiKey',
    restrict: 'createRestrictions',
  }],
  ['gateway with every plugin: the above + createValidationCache, createThrottle, createBackendJwt, createClientIpResolver, createAuditTrail', {
    index: 'createValidator, createMemorySubscriptionStore, importPublicKey',
    fetch: 'withApiKey',
    restrict: 'createRestrictions',
    gateway: 'createValidationCache, createThrottle, createBackendJwt, createClientIpResolver, createAuditTrail',
  }],
  ['issuer: importPrivateKey, issueKey', { index: 'importPrivateKey, issueKey' }],
  ['README quick start: generateKeyPair, issueKey, createValidator, createMemorySubscriptionStore', { index: 'createValidator, createMemorySubscriptionStore, generateKeyPair, issueKey' }],
];

/** Minifies (bundling `contents`, which imports the built files) and gzips. */
export async function measure(contents, { metafile = false, resolveDir = process.cwd() } = {}) {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'neutral',
    write: false,
    metafile,
    // The chunks' bare imports (ordering only) are dropped under sideEffects: false, as apps' bundlers do, silently.
    logLevel: 'error',
    outfile: 'size.js',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length, metafile: result.metafile, code: result.outputFiles[0].text };
}

/** The code an app's bundler starts from when it imports `imports` (entry -> names) from the built package. */
export const importSetCode = (imports) => Object.entries(imports).map(([entry, names]) => `export { ${names} } from './dist/${entry}.js';`).join('\n');

/** A validate-only app, as the budget counts it; `root` is the package folder. */
export const measureValidateOnly = (root) => measure(importSetCode(IMPORT_SETS[0][1]), { resolveDir: root });

/** A built entry as a whole, with the chunks it imports. */
export const measureFile = (file) => measure(readFileSync(file, 'utf8'), { resolveDir: dirname(resolve(file)) });

export const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

async function main() {
  const rows = [];
  for (const [name, file] of ENTRIES) rows.push({ name, ...(await measureFile(file)) });
  for (const [name, imports] of IMPORT_SETS) {
    rows.push({ name, ...(await measure(importSetCode(imports))) });
  }
  for (const r of rows) console.log(`${kb(r.gzipped).padStart(9)} min+gzip  ${kb(r.minified).padStart(9)} min  ${r.name}`);

  // The sources behind a validate-only app (bundled from src/, so esbuild can attribute the bytes).
  const { metafile } = await measure(`export { ${IMPORT_SETS[0][1].index} } from './src/index.ts';`, { metafile: true });
  const sources = Object.entries(Object.values(metafile.outputs)[0].inputs).filter(([, input]) => input.bytesInOutput > 0);
  const byFolder = new Map();
  for (const [file, { bytesInOutput }] of sources) {
    const folder = file.split('/').slice(0, -1).join('/');
    byFolder.set(folder, (byFolder.get(folder) ?? 0) + bytesInOutput);
  }
  if (process.argv.includes('--why')) {
    for (const [file, { bytesInOutput }] of sources.sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)) {
      console.log(`${String(bytesInOutput).padStart(7)} B min  ${file}`);
    }
  }

  const core = rows.find((r) => r.name === VALIDATE_ONLY);
  const verdict = core.gzipped > CORE_BUDGET_BYTES ? 'over' : 'within';
  if (process.argv.includes('--write')) {
    const table = rows.map((r) => `| ${r.name} | ${kb(r.minified)} | ${kb(r.gzipped)} |`).join('\n');
    writeFileSync(
      'docs/size.md',
      `# Bundle size\n\nMeasured by \`npm run size\`: esbuild minify of each built ESM entry, then gzip -9. ` +
        `An entry's size includes the chunks it imports: the ESM entries share chunks (relative imports; the CommonJS build ` +
        `stays one self-contained file per entry), so an app importing several entries ships the shared code once and the ` +
        `entries' sizes do not add up to what it ships. Import sets are what an app's bundler keeps when it imports only ` +
        `those names.\n\n` +
        `Budget for a validate-only app (\`createValidator\` and the in-memory stores, imported from \`keygate\`): ` +
        `${kb(CORE_BUDGET_BYTES)} minified+gzipped; it is **${verdict}** the budget (${kb(core.gzipped)})` +
        (verdict === 'over' ? ': the tests fail until it is back within. ' : '. ') +
        `The \`keygate\` ` +
        `entry holds the whole core (keys and issuing too); a bundler keeps only what an app imports.\n\n` +
        `| what | minified | minified + gzipped |\n|---|---|---|\n${table}\n\n` +
        `## Where a validate-only app's bytes go\n\nMinified bytes by source folder (\`npm run size -- --why\` lists the files). ` +
        `The IP and referrer restrictions are a plugin (\`keygate/restrict\`): the validator keeps only the client address ` +
        `parsing of \`src/restrict\`. Resource matching, CORS and the in-memory application store are in \`keygate/gateway\`: ` +
        `the validator keeps only their interfaces.\n\n| folder | minified |\n|---|---|\n` +
        [...byFolder].sort((a, b) => b[1] - a[1]).map(([folder, bytes]) => `| ${folder} | ${kb(bytes)} |`).join('\n') +
        '\n',
    );
  }
  if (verdict === 'over') {
    console.error(`keygate core is ${kb(core.gzipped)} minified+gzipped, over its ${kb(CORE_BUDGET_BYTES)} budget`);
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
