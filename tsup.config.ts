import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defineConfig, type Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * `import text from './file?raw'` gives the file's text, as Vite (vitest) does: the demo's portal
 * page (src/portal: HTML, CSS, JavaScript, no build step of their own) ships inside the CLI's one file.
 */
const rawText: EsbuildPlugin = {
  name: 'raw-text',
  setup(build) {
    // The path keeps its `?raw`: tsup's own CSS handling must not take a `.css` file for a style sheet to bundle.
    build.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path), namespace: 'raw-text' }));
    build.onLoad({ filter: /\?raw$/, namespace: 'raw-text' }, async (args) => ({ contents: await readFile(args.path.slice(0, -'?raw'.length), 'utf8'), loader: 'text' }));
  },
};

/** The Node program (the `keygate` CLI, demo included): one ESM file, the library bundled in. */
const nodeProgram: Options = {
  format: 'esm',
  platform: 'node',
  target: 'node20',
  dts: false,
  sourcemap: false,
  clean: true,
  splitting: false,
  treeshake: true,
  esbuildPlugins: [rawText],
};

// The package entries, each as ESM (.js + .d.ts) and CJS (.cjs + .d.cts). The ESM entries share
// chunks (code used by several entries is in one file, so an app importing several entries ships it
// once); the chunks are relative imports, so a browser still loads dist/index.js on its own. The CJS
// entries stay self-contained (tsup splits only ESM by default).
const library: Options = {
  entry: {
    index: 'src/index.ts',
    keys: 'src/keys/index.ts',
    issue: 'src/issue/index.ts',
    gateway: 'src/gateway/index.ts',
    restrict: 'src/restrict/index.ts',
    fetch: 'src/fetch/index.ts',
    node: 'src/node/index.ts',
    redis: 'src/redis/index.ts',
    hono: 'src/hono/index.ts',
    service: 'src/service/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  // Leave dist/cli to its own build below (both run at once).
  clean: ['!cli/**'],
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
};

const programs: Options[] = [
  // The package's `bin`; the shebang in src/cli/main.ts makes tsup mark the file executable.
  { ...nodeProgram, entry: { keygate: 'src/cli/main.ts' }, outDir: 'dist/cli' },
];

// `npm run demo` (`keygate demo`) needs the CLI only: skipping the library's .d.ts build makes it
// start in about a second. npm names the running script in npm_lifecycle_event.
export default defineConfig(process.env.npm_lifecycle_event === 'demo' ? programs : [library, ...programs]);
