import { afterEach, describe, expect, it, vi } from 'vitest';
import { runSnippet, snippetsOf } from '../helpers/snippets.js';

afterEach(() => vi.restoreAllMocks());

describe('README', () => {
  it('the quick start validates a request', async () => {
    const [quickStart] = snippetsOf('README.md');
    expect(quickStart).toBeDefined();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await runSnippet(quickStart!, 'readme-quick-start');
    expect(log).toHaveBeenCalledWith('OK: application 1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547 may call PizzaShackAPI');
    expect(log).toHaveBeenCalledWith('401 900901 The API key signature is invalid');
  });

  it('every other README snippet runs', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const snippets = snippetsOf('README.md');
    for (const [i, code] of snippets.slice(1).entries()) await runSnippet(code, `readme-${i + 1}`);
  });
});
