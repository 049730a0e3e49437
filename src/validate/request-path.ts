/**
 * The path of a request URL without building a `URL` object, for the common plain case: every
 * call needs the path to pick the API, and `new URL` is a large share of a cached validation.
 *
 * Returns the path only when the text is so plain that the WHATWG URL parser would give back the
 * very same characters as `pathname`; anything else (percent escapes, dot segments, backslashes,
 * spaces, non-ASCII, userinfo, IP-literal or numeric hosts) gives `undefined`, and the caller
 * falls back to `new URL`, so both always agree (a property test holds them to it).
 */
export function plainRequestPath(url: string): string | undefined {
  let start: number;
  if (url.charCodeAt(0) === 0x2f /* / */) {
    const second = url.charCodeAt(1);
    if (second === 0x2f || second === 0x5c) return undefined; // `//host` and `/\host` name a host
    start = 0;
  } else {
    const authority = url.startsWith('https://') ? 8 : url.startsWith('http://') ? 7 : -1;
    if (authority < 0) return undefined;
    start = plainAuthorityEnd(url, authority);
    if (start < 0) return undefined;
  }
  let end = start;
  let segment = start;
  for (; end < url.length; end++) {
    const c = url.charCodeAt(end);
    if (c === 0x3f /* ? */ || c === 0x23 /* # */) break;
    if (c === 0x2f) {
      if (isDotSegment(url, segment + 1, end)) return undefined;
      segment = end;
    } else if (!isPlainPathChar(c)) return undefined;
  }
  if (end === start) return '/'; // `https://host` or `https://host?q`: the path is `/`
  return isDotSegment(url, segment + 1, end) ? undefined : url.slice(start, end);
}

/** Letters, digits and `-._~!$&'()*+,;=:@`: characters a URL path keeps as they are. */
function isPlainPathChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x3b) || // 0-9 : ;
    c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e || // - . _ ~
    c === 0x21 || c === 0x24 || (c >= 0x26 && c <= 0x2c) || // ! $ & ' ( ) * + ,
    c === 0x3d || c === 0x40 // = @
  );
}

/** `.` and `..` are removed by URL parsing; the fast path leaves them to it. */
function isDotSegment(url: string, from: number, to: number): boolean {
  const n = to - from;
  return (n === 1 || n === 2) && url.charCodeAt(from) === 0x2e && url.charCodeAt(to - 1) === 0x2e;
}

/**
 * Where the path starts after a plain `host[:port]` (a DNS-style name whose last label starts with
 * a letter, so it is never read as an IPv4 number), or -1 for anything else.
 */
function plainAuthorityEnd(url: string, from: number): number {
  let i = from;
  let labelStart = from;
  for (; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x2e) labelStart = i + 1;
    else if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d)) break;
  }
  const first = url.charCodeAt(labelStart) | 0x20;
  if (i === from || labelStart >= i || first < 0x61 || first > 0x7a) return -1;
  if (url.charCodeAt(i) === 0x3a /* : */) {
    const portStart = ++i;
    while (i < url.length && url.charCodeAt(i) >= 0x30 && url.charCodeAt(i) <= 0x39) i++;
    if (i === portStart || i - portStart > 5 || Number(url.slice(portStart, i)) > 65535) return -1;
  }
  const c = url.charCodeAt(i);
  return i === url.length || c === 0x2f || c === 0x3f || c === 0x23 ? i : -1;
}
