import { format } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { type Validator } from '../../src/index.js';
import { issueKey } from '../../src/issue/index.js';
import { runSnippet, snippetsOf } from '../helpers/snippets.js';
import { sharedKeyPair } from '../helpers/fixtures.js';
import { expectedOutput } from './guide-runner.js';

const snippet = (marker: string): string => {
  const found = snippetsOf('docs/concepts.md').find((code) => code.includes(marker));
  if (found === undefined) throw new Error(`docs/concepts.md has no snippet with ${marker}`);
  return found.replace("from './fixtures.js'", "from '../helpers/fixtures.js'");
};

describe('docs/concepts.md', () => {
  it('the data model snippet runs and prints what it says', async () => {
    const code = snippet('createResourceMatcher');
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(format(...args)));
    try {
      await runSnippet(code, 'concepts-data-model');
    } finally {
      log.mockRestore();
    }
    expect(printed).toEqual(expectedOutput(code));
  });

  it('the custom-store snippet builds a working validator', async () => {
    const { validator } = (await runSnippet(snippet('const rows ='), 'concepts-stores')) as { validator: Validator };
    const { privateKey } = await sharedKeyPair();
    const key = await issueKey({ signingKey: privateKey, application: { uuid: 'app-1' } });
    const ok = await validator.validate({ url: '/orders/v1/items', headers: { apikey: key } });
    expect(ok.ok).toBe(true);
    const other = await issueKey({ signingKey: privateKey, application: { uuid: 'app-2' } });
    const refused = await validator.validate({ url: '/orders/v1/items', headers: { apikey: other } });
    expect(refused.ok || refused.reason).toBe('not_subscribed');
  });
});
