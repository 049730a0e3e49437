import { describe, expect, it } from 'vitest';
import { type Validator } from '../../src/index.js';
import { issueKey } from '../../src/issue/index.js';
import { runSnippet, snippetsOf } from '../helpers/snippets.js';
import { sharedKeyPair } from '../helpers/fixtures.js';

describe('docs/concepts.md', () => {
  it('the custom-store snippet builds a working validator', async () => {
    const [snippet] = snippetsOf('docs/concepts.md');
    const code = snippet!.replace("from './fixtures.js'", "from '../helpers/fixtures.js'");
    const { validator } = (await runSnippet(code, 'concepts-stores')) as { validator: Validator };
    const { privateKey } = await sharedKeyPair();
    const key = await issueKey({ signingKey: privateKey, application: { uuid: 'app-1' } });
    const ok = await validator.validate({ url: '/orders/v1/items', headers: { apikey: key } });
    expect(ok.ok).toBe(true);
    const other = await issueKey({ signingKey: privateKey, application: { uuid: 'app-2' } });
    const refused = await validator.validate({ url: '/orders/v1/items', headers: { apikey: other } });
    expect(refused.ok || refused.reason).toBe('not_subscribed');
  });
});
