import { describe, expect, it } from 'vitest';
import type { ValidationResult } from '../../src/index.js';
import type { IpAllowList, ReferrerPatterns } from '../../src/restrict/index.js';
import { runSnippet, snippetsOf } from '../helpers/snippets.js';

describe('docs/restrictions.md snippets', () => {
  const snippets = snippetsOf('docs/restrictions.md');

  it('enabling the check: the plugin enforces the restriction, a validator without it refuses the key', async () => {
    const code = snippets[0]!;
    const mod = (await runSnippet(code, 'restrictions-enabling')) as Record<string, ValidationResult>;
    expect(mod.inside).toMatchObject({ ok: true, clientIp: '10.1.2.3' });
    // The descriptions the comments quote, each on one line or across comment lines.
    const comments = code.replaceAll(/\n\/\/ /g, ' ');
    for (const name of ['outside', 'refused'] as const) {
      const result = mod[name]!;
      expect(result).toMatchObject({ ok: false, status: 403, code: 900908, reason: 'ip_restricted' });
      if (!result.ok) expect(comments).toContain(`403 900908 ip_restricted: "${result.description}"`);
    }
  });

  it('the matcher tour runs and its comments hold', async () => {
    const code = snippets[1]!;
    // Each `call; // value` line states its result: check them all.
    const checks = [...code.matchAll(/^(\w+\(.*\));\s*\/\/ (true|false)\b/gm)];
    expect(checks.length).toBeGreaterThanOrEqual(5);
    const assertions = checks.map(([, call, value]) => `if ((${call}) !== ${value}) throw new Error(${JSON.stringify(call)});`);
    // `parseIp(...); // { family: 6, ... }` lines: compare the result with the object in the comment.
    const parses = [...code.matchAll(/^(parse\w+\(.*\));\s*\/\/ (\{.*\})$/gm)];
    expect(parses).toHaveLength(2);
    const exports = parses.map(([, call], i) => `export const parsed${i} = ${call};`);
    const mod = await runSnippet(`${code}\n${assertions.join('\n')}\n${exports.join('\n')}`, 'restrictions-tour');
    parses.forEach(([, , comment], i) => {
      const expected: unknown = JSON.parse(comment!.replaceAll("'", '"').replace(/([{,]\s*)(\w+):/g, '$1"$2":'));
      expect(mod[`parsed${i}`]).toEqual(expected);
    });
    expect((mod.office as IpAllowList).matches('2001:db8::5')).toBe(true);
    expect((mod.site as ReferrerPatterns).matches('https://evil.example/')).toBe(false);
  });

  it('the client IP snippet resolves as its comments say', async () => {
    const mod = await runSnippet(snippets[2]!, 'restrictions-client-ip');
    expect(mod).toMatchObject({ viaProxy: '203.0.113.7', direct: '203.0.113.7', rfc7239: '2001:db8:cafe::17' });
  });
});
