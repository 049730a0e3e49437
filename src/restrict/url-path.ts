/**
 * Path normalisation shared by referrers and patterns: percent-encoded unreserved characters
 * (RFC 3986 section 2.3) are decoded and the hex digits of other escapes upper-cased, so that
 * `/%7Euser` and `/~user` compare equal while `/a%2Fb` and `/a/b` stay different.
 * Dot segments (`.`, `..`, also as `%2e`) are refused: browsers resolve them before sending a
 * Referer, so a path that still holds one was made by hand.
 */

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

function isUnreserved(c: number): boolean {
  const lower = c | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e;
}

export const PATH_BAD_ESCAPE = 'has a "%" that is not followed by two hex digits';
export const PATH_DOT_SEGMENT = 'has a "." or ".." path segment';
export const PATH_CHAR = 'has a path character outside printable ASCII (or a backslash)';

/**
 * Normalises `text[start, end)`, which starts with `/`. `partialLast` leaves the last segment
 * out of the dot-segment check (a pattern's prefix before `*`). Returns the path or a reason.
 */
export function normalizePath(text: string, start: number, end: number, partialLast = false): { path: string } | string {
  let out = '';
  let copied = start;
  let segmentLength = 0;
  let segmentDots = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 0x2f;
    if (c === 0x2f) {
      const isLast = i === end;
      if (segmentLength > 0 && segmentLength === segmentDots && segmentLength <= 2 && !(isLast && partialLast)) {
        return PATH_DOT_SEGMENT;
      }
      segmentLength = 0;
      segmentDots = 0;
      continue;
    }
    if (c <= 0x20 || c >= 0x7f || c === 0x5c) return PATH_CHAR;
    segmentLength++;
    if (c === 0x2e) segmentDots++;
    if (c !== 0x25) continue;
    const high = hexValue(text.charCodeAt(i + 1));
    const low = hexValue(text.charCodeAt(i + 2));
    if (i + 2 >= end || high < 0 || low < 0) return PATH_BAD_ESCAPE;
    const decoded = high * 16 + low;
    out += text.slice(copied, i);
    if (isUnreserved(decoded)) {
      out += String.fromCharCode(decoded);
      if (decoded === 0x2e) segmentDots++;
    } else {
      out += text.slice(i, i + 3).toUpperCase();
    }
    copied = i + 3;
    i += 2;
  }
  return { path: out + text.slice(copied, end) };
}
