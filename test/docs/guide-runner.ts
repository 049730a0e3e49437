/**
 * Runs the TypeScript blocks of a guide (with the lead's snippet runner) and checks what they
 * print: a `console.log(...)` line ending in `// → text` must print exactly `text`, in order.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { format } from 'node:util';
import { expect, vi } from 'vitest';
import { runSnippet, snippetsOf } from '../helpers/snippets.js';

const ARROW = '// → ';

/** The `// → ` annotations of a block, in order. */
export function expectedOutput(code: string): string[] {
  return code
    .split('\n')
    .filter((line) => line.includes(ARROW))
    .map((line) => line.slice(line.indexOf(ARROW) + ARROW.length).trimEnd());
}

/** The fenced blocks of one language (`sh`, `text`, ...) in a markdown file, in order. */
export function blocksOf(markdownPath: string, language: string): string[] {
  const text = readFileSync(markdownPath, 'utf8');
  return text
    .split(`\`\`\`${language}\n`)
    .slice(1)
    .map((rest) => rest.slice(0, rest.indexOf('```')));
}

/**
 * Runs every TypeScript block of `markdownPath` (each on its own) with `replace` applied to its
 * text (file names -> fixture paths), and checks each block's annotated output. Returns the
 * exports of every block, merged.
 */
export async function runGuide(markdownPath: string, replace: Readonly<Record<string, string>> = {}): Promise<Record<string, unknown>> {
  const merged: Record<string, unknown> = {};
  for (const [i, snippet] of snippetsOf(markdownPath).entries()) {
    let code = snippet;
    for (const [from, to] of Object.entries(replace)) code = code.replaceAll(from, to);
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(format(...args)));
    try {
      Object.assign(merged, await runSnippet(code, `${markdownPath.replace(/\W/g, '-')}-${i}`));
    } finally {
      log.mockRestore();
    }
    expect(printed, `${markdownPath}, TypeScript block ${i + 1}`).toEqual(expectedOutput(snippet));
  }
  return merged;
}

/**
 * Runs shell blocks with bash (`-euo pipefail`) in `cwd`, where `keygate` is the built bin (as
 * `npm install keygate` would put it on the PATH). Returns each block's stdout.
 */
export function runShellBlocks(blocks: readonly string[], cwd: string, bin: string, env: Readonly<Record<string, string>> = {}): string[] {
  const prelude = `keygate() { ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} "$@"; }\n`;
  return blocks.map((block) =>
    execFileSync('bash', ['-euo', 'pipefail', '-c', prelude + block], { cwd, encoding: 'utf8', env: { ...process.env, ...env } }),
  );
}
