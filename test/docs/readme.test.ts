import { afterEach, describe, expect, it, vi } from 'vitest';
import { runSnippet, snippetsOf } from '../helpers/snippets.js';

afterEach(() => vi.restoreAllMocks());

/*
 * The README's in-code snippets, run against the sources. The Express quick start (`// server.js`,
 * `// server.cjs`) runs on the packed package in test/runtimes/readme-quick-start.test.ts, where
 * `npx keygate` and a real install exist.
 */
const inCode = () => snippetsOf('README.md').filter((code) => !/^\/\/ server\.c?js\n/.test(code));

describe('README', () => {
  it('the in-code snippet issues a key and validates a request, from one import', async () => {
    const [snippet] = inCode();
    expect(snippet).toContain("from 'keygate';");
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await runSnippet(snippet!, 'readme-in-code');
    expect(log).toHaveBeenCalledWith('OK: application 1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547 may call PizzaShackAPI');
    expect(log).toHaveBeenCalledWith('401 900901 The API key signature is invalid');
  });

  it('every other README snippet runs', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    for (const [i, code] of inCode().slice(1).entries()) await runSnippet(code, `readme-${i + 1}`);
  });
});
