import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');
/** Only the CLI and the demo (Node programs) may use Node's modules; keygate/node reads Node's objects structurally. */
const NODE_ONLY = ['cli', 'demo'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('sources run in every runtime', () => {
  const files = sourceFiles(SRC).filter((f) => !NODE_ONLY.includes(relative(SRC, f).split('/')[0]!));

  it('import no node:* module and use no Node global (src/node included)', () => {
    const offenders = files.flatMap((file) => {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const found = [/from\s+['"]node:/, /import\(\s*['"]node:/, /\brequire\(/, /\bBuffer\./, /\bprocess\./, /\b__dirname\b/];
      return found.filter((re) => re.test(code)).map((re) => `${relative(SRC, file)}: ${re.source}`);
    });
    expect(offenders).toEqual([]);
  });
});
