import { KeygateError } from '../errors.js';

/**
 * Checks restriction entries before they are signed into a key, and joins them into the
 * comma-separated claim value WSO2 uses. Returns `undefined` for an absent or empty list.
 */
export function restrictionClaim(
  entries: readonly string[] | undefined,
  field: 'permittedIPs' | 'permittedReferrers',
  checkEntry: (entry: string) => void,
): string | undefined {
  if (entries === undefined) return undefined;
  if (!Array.isArray(entries)) throw new KeygateError('ERR_INVALID_OPTION', `${field} must be an array of strings`);
  if (entries.length === 0) return undefined;
  const cleaned = entries.map((entry: unknown, i) => {
    if (typeof entry !== 'string' || entry.trim().length === 0) {
      throw new KeygateError('ERR_INVALID_OPTION', `${field}[${i}] must be a non-empty string`);
    }
    const value = entry.trim();
    // The claim is comma-separated: a comma inside one entry would silently become two.
    if (value.includes(',')) throw new KeygateError('ERR_INVALID_OPTION', `${field}[${i}] must not contain a comma`);
    try {
      checkEntry(value);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new KeygateError(
        err instanceof KeygateError ? err.code : 'ERR_INVALID_OPTION',
        `${field}[${i}] is invalid: ${reason}`,
        { cause: err },
      );
    }
    return value;
  });
  return cleaned.join(',');
}
