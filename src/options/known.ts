import { KeygateError } from '../errors.js';

/**
 * The option names a function takes, as an object whose keys must be exactly those of its options
 * interface: write it `{ a: true, b: true } satisfies OptionNames<Options>` and the compiler keeps
 * the list and the interface in step.
 */
export type OptionNames<T> = { readonly [K in keyof Required<T>]: true };

/**
 * Throws ERR_INVALID_OPTION for a name `options` has that `known` lacks: in plain JavaScript a typo
 * (`cacheTTL`, `trustedProxy`) would otherwise be ignored without a word, leaving a default in force.
 */
export function checkOptionNames(options: object, known: OptionNames<object>, where: string): void {
  if (typeof options !== 'object' || options === null) throw new KeygateError('ERR_INVALID_OPTION', `${where}: options must be an object`);
  for (const name of Object.keys(options)) {
    if (Object.prototype.hasOwnProperty.call(known, name)) continue;
    const near = closest(name, Object.keys(known));
    throw new KeygateError('ERR_INVALID_OPTION', `${where}: unknown option "${name}"${near === undefined ? '' : ` (did you mean "${near}"?)`}`);
  }
}

/** The known name within two edits (case ignored) of `name`, if one is. */
function closest(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of names) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** Levenshtein distance (names are short; a row at a time). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}
