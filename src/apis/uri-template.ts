/*
 * WSO2's resource URI templates, matched by hand: each template is compiled once into segments,
 * and a path is matched in one left-to-right pass (every character looked at a bounded number of
 * times), with no RegExp built from a template.
 */

/** One segment of a template: literal text, `{name}` (any non-empty segment), or `pre{name}post`. */
interface Segment {
  /** The whole literal segment, or the text before `{name}`. */
  readonly prefix: string;
  /** The text after `{name}`; undefined for a literal segment. */
  readonly suffix: string | undefined;
}

/** A compiled URI template. */
export interface UriTemplate {
  readonly segments: readonly Segment[];
  /** Ends in `/*`: matches the rest of the path (also nothing). */
  readonly wildcard: boolean;
  /** Orders templates: literal segments first, then `{name}` ones, then `*` (see compareTemplates). */
  readonly rank: readonly number[];
}

const NAME_CHAR = /^[A-Za-z0-9_]$/;
// Characters a path keeps as they are (RFC 3986 pchar, with `%` for escapes).
const isPathChar = (c: string): boolean => /^[A-Za-z0-9\-._~!$&'()*+,;=:@%]$/.test(c);

/** Compiles `/menu`, `/order/{orderId}`, `/menu/{id}.json`, `/*`, `/order/*`; a problem is returned as text. */
export function compileUriTemplate(template: string): UriTemplate | string {
  if (typeof template !== 'string' || !template.startsWith('/')) return 'must be a string starting with "/"';
  if (template.length > 2048) return 'is longer than 2048 characters';
  const parts = template === '/' ? [] : template.slice(1).split('/');
  const wildcard = parts[parts.length - 1] === '*';
  if (wildcard) parts.pop();
  const segments: Segment[] = [];
  const rank: number[] = [];
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..') return 'has an empty, "." or ".." segment';
    const open = part.indexOf('{');
    if (open < 0) {
      if (![...part].every(isPathChar) || part.includes('*')) return `has a segment that is not plain path text: ${JSON.stringify(part)}`;
      segments.push({ prefix: part, suffix: undefined });
      rank.push(0);
      continue;
    }
    const close = part.indexOf('}', open);
    const name = close < 0 ? '' : part.slice(open + 1, close);
    const prefix = part.slice(0, open);
    const suffix = close < 0 ? '' : part.slice(close + 1);
    if (name === '' || ![...name].every((c) => NAME_CHAR.test(c))) return 'has a "{" without a "{name}" of letters, digits and _';
    if (![...prefix, ...suffix].every(isPathChar) || (prefix + suffix).includes('*')) {
      return 'may have one {name} per segment, with plain path text around it';
    }
    segments.push({ prefix, suffix });
    rank.push(prefix === '' && suffix === '' ? 2 : 1);
  }
  rank.push(wildcard ? 3 : 0);
  return { segments, wildcard, rank };
}

/**
 * Most specific first: segment by segment, literal < `pre{name}post` < `{name}` < `*`, then
 * longer templates first. Templates that compare equal match the same paths.
 */
export function compareTemplates(a: UriTemplate, b: UriTemplate): number {
  const n = Math.min(a.rank.length, b.rank.length);
  for (let i = 0; i < n; i++) {
    const d = (a.rank[i] as number) - (b.rank[i] as number);
    if (d !== 0) return d;
  }
  return b.rank.length - a.rank.length;
}

/**
 * The end of the path that resources match, from `from`: without one trailing `/` (`/menu/` is
 * `/menu`), and `from` itself for `/` (the API's root). -1 when the sub-path does not start with `/`.
 */
export function resourcePathEnd(path: string, from: number): number {
  let end = path.length;
  if (end === from) return end;
  if (path.charCodeAt(from) !== 0x2f) return -1;
  if (path.charCodeAt(end - 1) === 0x2f) end--;
  return end;
}

/** Whether `template` matches `path` from `from` (a `/`) to `end` (see resourcePathEnd). One pass, no allocation. */
export function matchesTemplate(template: UriTemplate, path: string, from: number, end: number): boolean {
  let i = from;
  const { segments } = template;
  for (let k = 0; k < segments.length; k++) {
    const { prefix, suffix } = segments[k]!;
    if (i >= end) return false; // (path[i] is a "/" here: the sub-path starts with one, and each segment ends at one)
    const start = i + 1;
    let stop = path.indexOf('/', start);
    if (stop < 0 || stop > end) stop = end;
    const length = stop - start;
    if (suffix === undefined) {
      if (length !== prefix.length || !path.startsWith(prefix, start)) return false;
    } else if (length <= prefix.length + suffix.length || !path.startsWith(prefix, start) || !path.endsWith(suffix, stop)) {
      return false;
    }
    i = stop;
  }
  return i === end || (template.wildcard && path.charCodeAt(i) === 0x2f);
}
