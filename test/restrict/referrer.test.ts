import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKeygateError } from '../../src/index.js';
import { compileReferrerPatterns, referrerMatches } from '../../src/restrict/index.js';
import { compileReferrerPattern } from '../../src/restrict/referrer-pattern.js';
import { type StepCounter } from '../../src/restrict/referrer-url.js';
import { hostMatches, matchReferrer, referrerPatternsForClaim } from '../../src/restrict/referrer.js';
import { expectKeygateError, thrownBy } from '../helpers/errors.js';

const refusal = (patterns: string[]): unknown => thrownBy(() => compileReferrerPatterns(patterns));

describe('referrer patterns', () => {
  it.each([
    ['www.example.com/path', 'https://www.example.com/path', true],
    ['HTTPS://WWW.EXAMPLE.COM/path', 'https://www.example.com/path', true],
    ['www.example.com/path', 'HTTPS://www.example.com/path', true],
    ['www.example.com/path', 'https://www.example.com./path', false], // a trailing dot is another name
    ['www.example.com/path', 'https://www.example.com:443/path', true],
    ['www.example.com/path', 'http://www.example.com:443/path', false],
    ['www.example.com/path', 'https://www.example.com:/path', false],
    ['www.example.com/path', 'https://www.example.com:0443/path', false],
    ['www.example.com/path', 'https://user:pw@www.example.com/path', false],
    ['www.example.com/path', 'https://www.example.com\\@evil.com/path', false],
    ['www.example.com/path', 'https:\\\\www.example.com/path', false],
    ['www.example.com/path', 'https://www.example.com/%2e%2E/path', false],
    ['www.example.com/path', 'https://www.example.com/pa%74h', true],
    ['www.example.com/path', 'https://www.example.com/path%', false],
    ['www.example.com/path', ' https://www.example.com/path', false],
    ['www.example.com/path', 'https://www.example.com/path\t', false],
    ['www.example.com/p/*', 'https://www.example.com/p/x?y#z', true],
    ['www.example.com/p/*', 'https://www.example.com/p/%41', true],
    ['www.example.com/p%41*', 'https://www.example.com/pA/x', true],
    ['*.example.com', 'http://x.example.com/any', true],
    ['*.example.com', 'http://x.example.com:8080/any', false],
    ['*.example.com', 'http://x.EXAMPLE.com/', true],
    ['*.example.com', 'http://xexample.com/', false],
    ['*.example.com', 'http://.example.com/', false],
    ['*.example.com', 'http://[::1]/', false],
    ['[2001:db8::1]', 'https://[2001:DB8:0::1]/', true],
    ['[2001:db8::1]', 'https://[2001:db8::2]/', false],
    ['[2001:db8::1]', 'https://[2001:db8::1%25eth0]/', false],
    ['10.0.0.1', 'https://[::ffff:10.0.0.1]/', false],
    ['10.0.0.1', 'https://10.0.0.1:443/', true],
    ['xn--exmple-cua.com', 'https://xn--exmple-cua.com/', true],
    ['xn--exmple-cua.com', 'https://exämple.com/', false],
    ['under_score.example.com', 'https://under_score.example.com/', true],
  ])('%j with %j -> %s', (pattern, referrer, expected) => {
    expect(referrerMatches(referrer, [pattern])).toBe(expected);
  });

  it('matches when any pattern does', () => {
    const patterns = ['www.example.com/path', '*.example.com/*'];
    expect(referrerMatches('https://a.example.com/x', patterns)).toBe(true);
    expect(referrerMatches('https://www.example.com/path', patterns)).toBe(true);
    expect(referrerMatches('https://example.com/', patterns)).toBe(false);
    expect(referrerMatches('https://example.com/', [])).toBe(false);
  });

  it.each([
    ['', /is empty/],
    ['*', /"\*" in the host/],
    ['https://', /empty host/],
    ['example.com:', /port/],
    ['[::1', /closing "\]"/],
    ['[::1]x', /after the IPv6 host/],
    ['[fe80::1%25eth0]', /invalid IPv6 host/],
    ['a'.repeat(64) + '.com', /longer than 63/],
    [`${'a.'.repeat(127)}com`, /longer than 253/],
    ['example.com/a\\b', /backslash/],
    ['x'.repeat(2049), /longer than 2048/],
    ['example.com/%2e%2e/x', /"\.\." path segment/],
    ['example.com/./x', /path segment/],
    ['javascript:alert(1)', /port/],
  ])('refuses %j', (pattern, reason) => {
    expectKeygateError(() => compileReferrerPatterns([pattern]), 'ERR_INVALID_REFERRER_PATTERN', reason);
  });

  it('names the index of the bad pattern and refuses non-arrays', () => {
    expect((refusal(['example.com', '*.com']) as Error).message).toBe(
      'referrer list entry 1: referrer pattern "*.com" must name a domain of at least two labels after "*." (such as *.example.com)',
    );
    expect(isKeygateError(refusal([3 as unknown as string]))).toBe(true);
    expect(() => referrerMatches('https://a/', 'a' as unknown as string[])).toThrow(/array/);
  });

  it('compiles a permittedReferer claim once per value', () => {
    const claim = 'www.example.com/path, *.example.com/*';
    const compiled = referrerPatternsForClaim(claim);
    expect(referrerPatternsForClaim(claim)).toBe(compiled);
    expect(compiled.matches('https://a.example.com/')).toBe(true);
    expect(() => referrerPatternsForClaim('example.com,')).toThrow(/entry 1: .* is empty/);
  });

  it('never throws on arbitrary referrers, and patterns only throw KeygateError', () => {
    const compiled = compileReferrerPatterns(['*.example.com/*', 'https://[::1]:8080/a*', 'example.org']);
    const urlish = fc.string({ unit: fc.constantFrom(...'htps:/[]@.%2eEx*?#\\ :1a-_') });
    fc.assert(
      fc.property(fc.oneof(urlish, fc.string({ unit: 'binary' })), (text) => {
        expect(typeof compiled.matches(text)).toBe('boolean');
        expect(typeof compiled.matches(`https://a.example.com/${text}`)).toBe('boolean');
        const err = refusal([text]);
        expect(err === undefined || isKeygateError(err)).toBe(true);
      }),
      { numRuns: 5000 },
    );
    for (const odd of [undefined, null, 42, {}]) expect(compiled.matches(odd as unknown as string)).toBe(false);
  });

  it('answers repeated and recently seen referrers exactly as a fresh parse does', () => {
    const sets = [['*.example.com/*'], ['www.example.com/app/*', 'https://[::1]:8080/a*'], ['example.org']].map((p) =>
      p.map((pattern) => compileReferrerPattern(pattern)),
    );
    const urlish = fc.string({ unit: fc.constantFrom(...'htps:/[]@.%2eEx*?#\\ :1a-_'), maxLength: 30 });
    const referrer = fc.oneof(urlish, urlish.map((t) => `https://www.example.com/${t}`));
    fc.assert(
      fc.property(fc.array(referrer, { minLength: 1, maxLength: 600 }), (referrers) => {
        // Twice over, so the second round is answered from recently parsed values (and past 256 of
        // them, from a memo that was emptied when full).
        for (const text of [...referrers, ...referrers]) {
          for (const set of sets) expect(matchReferrer(set, text)).toBe(matchReferrer(set, text, { count: 0 }));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('agrees with the WHATWG URL parser on which hosts are subdomains', () => {
    const label = fc.constantFrom('example', 'com', 'evil', 'a', 'exampl', 'e', 'www', 'evilexample');
    const host = fc.array(label, { minLength: 1, maxLength: 5 }).map((labels) => labels.join('.'));
    fc.assert(
      fc.property(host, fc.boolean(), (name, upper) => {
        const referrer = `https://${upper ? name.toUpperCase() : name}/x`;
        const hostname = new URL(referrer).hostname;
        expect(referrerMatches(referrer, ['*.example.com'])).toBe(hostname.endsWith('.example.com'));
        expect(referrerMatches(referrer, ['example.com'])).toBe(hostname === 'example.com');
      }),
    );
  });
});

describe('matching work is linear (counted steps, not time)', () => {
  const longHost = `a${'a.'.repeat(4_994)}example.com`; // 10,000 characters

  it('a 10,000-character host against a wildcard pattern takes at most one step per character', () => {
    expect(longHost).toHaveLength(10_000);
    const pattern = compileReferrerPattern('*.example.com/*');
    const steps: StepCounter = { count: 0 };
    expect(hostMatches(pattern, longHost, 'domain', steps)).toBe(true);
    expect(steps.count).toBeLessThanOrEqual('example.com'.length);
  });

  it('the whole match stays within a small multiple of the input', () => {
    const compiled = ['*.example.com/*', 'www.example.com/a*', 'https://x.example.com:8443/path'].map(compileReferrerPattern);
    for (const referrer of [`https://${longHost}/`, `https://www.example.com/${'a'.repeat(4_000)}`, `https://${'*.'.repeat(2_000)}x/`]) {
      const steps: StepCounter = { count: 0 };
      matchReferrer(compiled, referrer, steps);
      expect(steps.count).toBeLessThanOrEqual(4 * Math.min(referrer.length, 4_096) + 64);
    }
  });

  it('many-"*" patterns are refused by the grammar, so no pattern can backtrack', () => {
    for (const pattern of [`${'*.'.repeat(5_000)}example.com`, `example.com/${'*/'.repeat(500)}*`, `*${'a*'.repeat(900)}`]) {
      expectKeygateError(() => compileReferrerPatterns([pattern]), 'ERR_INVALID_REFERRER_PATTERN');
    }
  });
});
