import { KeygateError } from '../errors.js';
import { cachedCompile, createCompileCache, splitClaim } from './compile-cache.js';
import { compileReferrerPattern, type CompiledReferrerPattern } from './referrer-pattern.js';
import { MAX_REFERRER_LENGTH, parseReferrer, type ParsedReferrer, type StepCounter } from './referrer-url.js';
import { DEFAULT_PORT } from './url-host.js';

/** Compiled referrer patterns. */
export interface ReferrerPatterns {
  /** True when the `Referer` value matches a pattern. Never throws; a missing or unparseable value matches nothing. */
  matches(referrer: string | null | undefined): boolean;
}

/** Compares `part` with `text` at `offset`, one counted step per character. */
function sameAt(text: string, offset: number, part: string, steps: StepCounter | undefined): boolean {
  if (offset < 0 || offset + part.length > text.length) return false;
  for (let i = 0; i < part.length; i++) {
    if (steps) steps.count++;
    if (text.charCodeAt(offset + i) !== part.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * `*.example.com` stands for one or more whole labels: the host must end in `.example.com` with
 * something before it, so neither `example.com`, `evilexample.com` nor `example.com.evil.com` match.
 */
export function hostMatches(pattern: CompiledReferrerPattern, host: string, kind: string, steps?: StepCounter): boolean {
  if (kind !== pattern.host.kind) return false;
  const name = pattern.host.name;
  if (!pattern.anySubdomain) return host.length === name.length && sameAt(host, 0, name, steps);
  const dot = host.length - name.length - 1;
  return dot > 0 && host.charCodeAt(dot) === 0x2e && sameAt(host, dot + 1, name, steps);
}

function patternMatches(pattern: CompiledReferrerPattern, referrer: ParsedReferrer, steps: StepCounter | undefined): boolean {
  if (pattern.scheme !== undefined && pattern.scheme !== referrer.scheme) return false;
  if (referrer.port !== (pattern.port ?? DEFAULT_PORT[referrer.scheme])) return false;
  if (!hostMatches(pattern, referrer.host.name, referrer.host.kind, steps)) return false;
  if (pattern.path === undefined) return true;
  if (!pattern.pathPrefix && referrer.path.length !== pattern.path.length) return false;
  return sameAt(referrer.path, 0, pattern.path, steps);
}

// Recently parsed Referer values: a page sends the same one on every call it makes. Bounded in
// entries and length (at most 256 x 4 KB), emptied when full, so a flood of distinct values
// costs one parse each, as without it.
const RECENT_MAX = 256;
const recent = new Map<string, ParsedReferrer | null>();

function parseRecent(referrer: unknown): ParsedReferrer | undefined {
  if (typeof referrer !== 'string' || referrer.length > MAX_REFERRER_LENGTH) return undefined;
  let parsed = recent.get(referrer);
  if (parsed === undefined) {
    parsed = parseReferrer(referrer) ?? null;
    if (recent.size >= RECENT_MAX) recent.clear();
    recent.set(referrer, parsed);
  }
  return parsed ?? undefined;
}

/** Matches a referrer against compiled patterns, counting steps when a counter is given (tests). */
export function matchReferrer(patterns: readonly CompiledReferrerPattern[], referrer: unknown, steps?: StepCounter): boolean {
  const parsed = steps === undefined ? parseRecent(referrer) : parseReferrer(referrer, steps);
  if (parsed === undefined) return false;
  for (const pattern of patterns) if (patternMatches(pattern, parsed, steps)) return true;
  return false;
}

/** Checks one pattern as `issueKey` does; throws `ERR_INVALID_REFERRER_PATTERN` naming the problem. */
export function checkReferrerEntry(pattern: string): void {
  compileReferrerPattern(pattern);
}

/** Compiles referrer patterns once; throws a `KeygateError` naming the first bad pattern. */
export function compileReferrerPatterns(patterns: readonly string[]): ReferrerPatterns {
  if (!Array.isArray(patterns)) {
    throw new KeygateError('ERR_INVALID_OPTION', 'referrer patterns must be an array of strings');
  }
  const compiled = patterns.map((pattern: unknown, index) => {
    try {
      return compileReferrerPattern(pattern as string);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new KeygateError('ERR_INVALID_REFERRER_PATTERN', `referrer list entry ${index}: ${reason}`, { cause: err });
    }
  });
  return { matches: (referrer) => matchReferrer(compiled, referrer) };
}

const byList = /* @__PURE__ */ createCompileCache<ReferrerPatterns>();
const byClaim = /* @__PURE__ */ createCompileCache<ReferrerPatterns>();
const compileClaim = (claimValue: string): ReferrerPatterns => compileReferrerPatterns(splitClaim(claimValue));

/**
 * True when the `Referer` value matches any pattern. Patterns are compiled once and cached;
 * an invalid pattern throws, a missing or unparseable referrer matches nothing.
 */
export function referrerMatches(referrer: string | null | undefined, patterns: readonly string[]): boolean {
  if (!Array.isArray(patterns)) throw new KeygateError('ERR_INVALID_OPTION', 'patterns must be an array of strings');
  return cachedCompile(byList, JSON.stringify(patterns), compileReferrerPatterns, patterns).matches(referrer);
}

/** The compiled patterns for a `permittedReferer` claim value (comma-separated), cached per value. */
export function referrerPatternsForClaim(claimValue: string): ReferrerPatterns {
  return cachedCompile(byClaim, claimValue, compileClaim, claimValue);
}
