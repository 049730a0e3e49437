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
 * The message suggests a known name that differs only in case or by a suffix, or gives `hint(name)`.
 */
export function checkOptionNames(options: object, known: OptionNames<object>, where: string, hint?: (name: string) => string | undefined): void {
  if (typeof options !== 'object' || options === null) throw new KeygateError('ERR_INVALID_OPTION', `${where}: options must be an object`);
  for (const name of Object.keys(options)) {
    if (Object.prototype.hasOwnProperty.call(known, name)) continue;
    const lower = name.toLowerCase();
    const near = Object.keys(known).find((k) => k.toLowerCase().startsWith(lower) || lower.startsWith(k.toLowerCase()));
    const why = hint?.(name) ?? (near === undefined ? '' : `did you mean "${near}"?`);
    throw new KeygateError('ERR_INVALID_OPTION', `${where}: unknown option "${name}"${why === '' ? '' : ` (${why})`}`);
  }
}
