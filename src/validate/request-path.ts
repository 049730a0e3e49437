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
 * Where the path starts after a plain `host[:port]` — a DNS-style name whose last label starts with
 * a letter, or a dotted-quad IPv4 address in its one canonical spelling (what servers put in the
 * URLs they build: `http://127.0.0.1:8080/...`); never a text URL parsing would read as another
 * number or refuse — or -1 for anything else.
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
  if (i === from || labelStart >= i) return -1;
  if ((first < 0x61 || first > 0x7a) && !isDottedQuad(url, from, i)) return -1;
  if (url.charCodeAt(i) === 0x3a /* : */) {
    const portStart = ++i;
    while (i < url.length && url.charCodeAt(i) >= 0x30 && url.charCodeAt(i) <= 0x39) i++;
    if (i === portStart || i - portStart > 5 || Number(url.slice(portStart, i)) > 65535) return -1;
  }
  const c = url.charCodeAt(i);
  return i === url.length || c === 0x2f || c === 0x3f || c === 0x23 ? i : -1;
}

/**
 * The path of a request target exactly as sent, before any URL parsing: origin-form (`/a/b?q`)
 * up to `?` or `#`, absolute-form (`http://host/a/b?q`) after its authority (`''` when it has no
 * path). `undefined` for what has no path a router could serve (asterisk- or authority-form,
 * no scheme) and for an authority that parsers split differently (`\`, `@`, spaces...).
 */
export function pathAsSent(target: string): string | undefined {
  let start = 0;
  if (target.charCodeAt(0) !== 0x2f /* / */) {
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(target);
    if (scheme === null) return undefined;
    start = scheme[0].length;
    for (; start < target.length; start++) {
      const c = target.charCodeAt(start);
      if (c === 0x2f || c === 0x3f || c === 0x23) break;
      if (!isAuthorityChar(c)) return undefined;
    }
  }
  let end = start;
  while (end < target.length && target.charCodeAt(end) !== 0x3f && target.charCodeAt(end) !== 0x23) end++;
  return target.slice(start, end);
}

/**
 * The path a router serves for `url` (as `pathAsSent` reads it) when a URL parser gives back the
 * very same characters; `undefined` when parsing would rewrite it (`.`/`..` segments, also as
 * `%2e`, backslashes, `//host`, characters it escapes) or the target has no path. A validator
 * that judged the parsed path would judge another path than the router serves.
 */
export function pathIfCanonical(url: string): string | undefined {
  const plain = plainRequestPath(url);
  if (plain !== undefined) return plain;
  const sent = pathAsSent(url);
  if (sent === undefined) return undefined;
  let parsed: string;
  try {
    parsed = new URL(url, 'http://localhost').pathname;
  } catch {
    return undefined;
  }
  return parsed === (sent === '' ? '/' : sent) ? parsed : undefined;
}

/** Letters, digits, `.`, `-`, `_`, `:` and IPv6 brackets: an authority no two parsers read apart. */
function isAuthorityChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x3a) || // a-z A-Z 0-9 :
    c === 0x2e || c === 0x2d || c === 0x5f || c === 0x5b || c === 0x5d // . - _ [ ]
  );
}

/** `a.b.c.d`, each 0-255 in decimal without leading zeros: the only IPv4 text URL parsing keeps as it is. */
function isDottedQuad(url: string, from: number, to: number): boolean {
  let parts = 0;
  let value = -1;
  let digits = 0;
  for (let i = from; i <= to; i++) {
    const c = i === to ? 0x2e : url.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || value > 255 || (digits > 1 && url.charCodeAt(i - digits) === 0x30)) return false;
      parts++;
      value = -1;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39 && digits < 3) {
      value = (value < 0 ? 0 : value * 10) + (c - 0x30);
      digits++;
    } else {
      return false;
    }
  }
  return parts === 4;
}
