/**
 * JSON parsing for untrusted token segments: bounded nesting depth, objects rebuilt without
 * prototypes so `__proto__` / `constructor` keys are plain data and can pollute nothing.
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
    value = JSON.parse(text, (_key, v: unknown) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      const clean = Object.create(null) as Record<string, unknown>;
      for (const k of Object.keys(v)) clean[k] = (v as Record<string, unknown>)[k];
      return clean;
    });
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return value as Record<string, unknown>;
}

/** Checks bracket nesting before `JSON.parse` runs, skipping string contents. Linear time. */
function withinDepth(text: string, maxDepth: number): boolean {
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
