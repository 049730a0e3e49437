import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileReferrerPatterns, referrerMatches } from '../../src/restrict/index.js';
import { expectKeygateError } from '../helpers/errors.js';

const doc = readFileSync(new URL('../../docs/restrictions.md', import.meta.url), 'utf8');

/** The rows of the markdown table whose header line starts with `header`, as cells. */
function tableRows(header: string): string[][] {
  const lines = doc.split('\n');
  const start = lines.findIndex((line) => line.startsWith(header));
  expect(start, `table "${header}" in docs/restrictions.md`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((cell) => cell.trim()));
  }
  return rows;
}

/** The backticked values of a cell: `a`, `b` -> ['a', 'b']; "(empty)" -> ['']. */
function codes(cell: string): string[] {
  if (cell === '(empty)') return [''];
  return cell.split('`').filter((_, i) => i % 2 === 1);
}

describe('docs/restrictions.md referrer examples', () => {
  const rows = tableRows('| Pattern | Referer | Matches |');

  it('has the examples', () => {
    expect(rows.length).toBeGreaterThan(30);
  });

  it.each(rows)('%s with %s -> %s (%s)', (pattern, referrer, matches) => {
    const [p] = codes(pattern);
    const [r] = codes(referrer);
    expect(referrerMatches(r, [p!])).toBe(matches === 'yes');
    expect(compileReferrerPatterns([p!]).matches(r)).toBe(matches === 'yes');
  });
});

describe('docs/restrictions.md refused patterns', () => {
  const patterns = tableRows('| Pattern | Why |').flatMap(([cell]) => codes(cell!));

  it.each(patterns)('refuses %j', (pattern) => {
    expectKeygateError(() => compileReferrerPatterns([pattern]), 'ERR_INVALID_REFERRER_PATTERN', JSON.stringify(pattern));
  });
});
