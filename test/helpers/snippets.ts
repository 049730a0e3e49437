import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'test/.snippets');

/**
 * The fenced ```ts / ```js blocks of a markdown file (path relative to the repo root), in order.
 * A block whose first line is `// not run` is skipped (shell-like fragments, type sketches).
 */
export function snippetsOf(markdownPath: string): string[] {
  return typedSnippetsOf(markdownPath).map(({ code }) => code);
}

/** The snippets with their language (`ts` or `js`) and the file name a `// <file>` first line gives. */
export function typedSnippetsOf(markdownPath: string): { code: string; language: 'ts' | 'js'; file: string | undefined }[] {
  const text = readFileSync(join(root, markdownPath), 'utf8');
  const blocks: { code: string; language: 'ts' | 'js'; file: string | undefined }[] = [];
  const fence = /```(ts|typescript|js|javascript)\n([\s\S]*?)```/g;
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    const code = m[2]!;
    if (code.startsWith('// not run')) continue;
    blocks.push({ code, language: m[1]!.startsWith('t') ? 'ts' : 'js', file: /^\/\/ ([\w.-]+\.[cm]?[jt]s)\n/.exec(code)?.[1] });
  }
  return blocks;
}

/**
 * Runs a docs snippet against the sources: imports of `keygate` (and `keygate/<sub>`) are pointed
 * at src/, the code is written under test/.snippets/ and imported, so top-level await works.
 * Returns the module's exports.
 */
export async function runSnippet(code: string, name: string): Promise<Record<string, unknown>> {
  mkdirSync(outDir, { recursive: true });
  const rewritten = code
    .replace(/from ['"]keygate['"]/g, "from '../../src/index.js'")
    .replace(/from ['"]keygate\/([\w-]+)['"]/g, "from '../../src/$1/index.js'");
  const file = join(outDir, `${name.replace(/[^\w-]/g, '_')}.ts`);
  writeFileSync(file, rewritten);
  return (await import(/* @vite-ignore */ `${pathToFileURL(file).href}?t=${Date.now()}`)) as Record<string, unknown>;
}

/** The block of a markdown file whose first line is the comment `// <file>` (docs/frameworks.md names its blocks so). */
export function snippetFile(markdownPath: string, file: string): string {
  const block = snippetsOf(markdownPath).find((code) => code.split('\n', 1)[0] === `// ${file}`);
  if (block === undefined) throw new Error(`${markdownPath} has no block starting with "// ${file}"`);
  return block;
}
