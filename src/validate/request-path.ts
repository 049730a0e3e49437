/**
 * The path of a request URL without building a `URL` object, for the common plain case: every
 * call needs the path to pick the API, and `new URL` is a large share of a cached validation.
 *
 * Returns the path only when it is so plain that the WHATWG URL parser gives back the very same
 * characters as `pathname` (a property test holds them to it); anything else (percent escapes, dot
 * segments, backslashes, spaces, non-ASCII, userinfo, `//host`) gives `undefined`, and the caller
 * falls back to `new URL`. The host is only scanned to find where the path starts, never judged:
 * keygate routes on the path alone, and the Node adapters never pass it a host at all.
 */
export function plainRequestPath(url: string): string | undefined {
  let start = 0;
  if (url.charCodeAt(0) !== 0x2f /* / */) {
    PLAIN_AUTHORITY.lastIndex = 0;
    if (!PLAIN_AUTHORITY.test(url)) return undefined;
    start = PLAIN_AUTHORITY.lastIndex;
  } else if (url.charCodeAt(1) === 0x2f) return undefined; // `//host` names a host
  // The pattern always matches (at worst nothing), so it never backtracks: what follows must end the path.
  PLAIN_PATH.lastIndex = start;
  PLAIN_PATH.test(url);
  const end = PLAIN_PATH.lastIndex;
  const next = url.charCodeAt(end);
  if (end < url.length && next !== 0x3f /* ? */ && next !== 0x23 /* # */) return undefined;
  return end === start ? '/' : url.slice(start, end); // `https://host?q`: the path is `/`
}

/** `http(s)://` and an authority as AUTHORITY reads it. */
const PLAIN_AUTHORITY = /https?:\/\/(?:[\w.-]+|\[[\dA-Fa-f:.]+\])(?::\d*)?/y;
/**
 * Segments of letters, digits and `-._~!$&'()*+,;=:@` (characters a URL path keeps as they are),
 * none of them `.` or `..` (URL parsing removes those).
 */
const PLAIN_PATH = /(?:\/(?!\.\.?(?:[/?#]|$))[\w.~!$&'()*+,;=:@-]*)*/y;

/**
 * The path of a request target exactly as sent, before any URL parsing: origin-form (`/a/b?q`)
 * up to `?` or `#`, absolute-form (`http://host/a/b?q`) after its authority (`''` when it has no
 * path). `undefined` for what has no path a router could serve (asterisk- or authority-form,
 * no scheme) and for an authority that parsers split differently (`\`, `@`, spaces...).
 */
export function pathAsSent(target: string): string | undefined {
  let start = 0;
  if (target.charCodeAt(0) !== 0x2f /* / */) {
    ABSOLUTE.lastIndex = 0;
    if (!ABSOLUTE.test(target)) return undefined;
    start = ABSOLUTE.lastIndex;
  }
  let end = start;
  while (end < target.length && target.charCodeAt(end) !== 0x3f && target.charCodeAt(end) !== 0x23) end++;
  return target.slice(start, end);
}

/**
 * The path a router serves for `url` (as `pathAsSent` reads it) when a URL parser gives back the
 * very same characters; `undefined` when parsing would rewrite it (`.`/`..` segments, also as
 * `%2e`, backslashes, `//host`, characters it escapes), when a router that decodes would read it
 * otherwise (an escaped letter, digit or `-._~`), or when the target has no path. A validator
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
  return parsed === (sent === '' ? '/' : sent) && !ESCAPED_UNRESERVED.test(parsed) ? parsed : undefined;
}

/**
 * An escaped letter, digit or `-._~` (`%61dmin`): URL parsing keeps it, but routers that decode the
 * path before matching (Fastify, Hono) serve `admin`, so the validator would judge another path.
 */
const ESCAPED_UNRESERVED = /%(?:3\d|[46][1-9a-f]|[57][\da]|2[de]|5f|7e)/i;

/**
 * A scheme, `://` and an authority up to the path, query or fragment: a host of letters, digits and
 * `.-_`, or an IPv6 address in brackets, then perhaps `:` and a port of digits. Nothing else: the
 * WHATWG parser and Node's legacy one (Express's router) start the path at the same place only
 * for such authorities (`http://a:b/x` is `/x` to one, `/:b/x` to the other; `http:///x`, with no
 * host, `/` and `/x`), and the host itself is never judged.
 */
const ABSOLUTE = /[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[\w.-]+|\[[\dA-Fa-f:.]+\])(?::\d*)?(?=[/?#]|$)/y;
