import { parseArgs, type ParseArgsConfig } from 'node:util';
import { KeygateError } from '../errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** The parsed flags of a spec: booleans, strings, or string lists for `multiple` flags. */
export type FlagValues<O extends OptionSpec> = {
  readonly [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string;
};

export interface ParsedCommand<O extends OptionSpec> {
  readonly values: FlagValues<O>;
  readonly positionals: readonly string[];
}

/** A usage mistake: bad flags or values. Exit status 2, as most Unix tools use for it. */
export const usageError = (message: string): KeygateError => new KeygateError('ERR_INVALID_OPTION', message);

/**
 * Parses a command's arguments strictly (unknown flags, missing values and stray positionals are
 * usage errors) and returns undefined when `--help` was asked for.
 */
export function parseCommandArgs<const O extends OptionSpec>(
  argv: readonly string[],
  options: O,
  maxPositionals: number,
): ParsedCommand<O> | undefined {
  let parsed: { values: FlagValues<O> & { help?: boolean }; positionals: string[] };
  try {
    // parseArgs cannot infer value types through a generic spec: FlagValues restates its rules.
    parsed = parseArgs({ args: [...argv], options: { ...options, ...HELP }, strict: true, allowPositionals: true }) as typeof parsed;
  } catch (error) {
    // node:util's messages are short and name the flag; keep their first sentence only.
    const message = error instanceof Error ? (error.message.split('. ')[0] ?? error.message) : String(error);
    throw usageError(message);
  }
  if (parsed.values.help === true) return undefined;
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals] ?? '';
    throw usageError(maxPositionals === 0 ? `unexpected argument '${extra}'` : `unexpected extra argument '${extra}'`);
  }
  return parsed;
}

/** A required string flag. */
export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.length === 0) throw usageError(`${flag} is required`);
  return value;
}

const SECONDS_PER_UNIT: Readonly<Record<string, number>> = { '': 1, s: 1, m: 60, h: 3_600, d: 86_400 };

/** A positive duration in seconds: `3600` (seconds), `90s`, `90m`, `1h` or `30d`. */
export function duration(value: string, flag: string): number {
  const match = /^([0-9]{1,12})([smhd]?)$/.exec(value);
  const n = match === null ? Number.NaN : Number(match[1]) * (SECONDS_PER_UNIT[match[2] ?? ''] ?? Number.NaN);
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw usageError(`${flag} must be a positive duration: seconds (3600), or a number with s, m, h or d (90m, 1h, 30d); got '${value}'`);
  }
  return n;
}

/** An API as `CONTEXT:VERSION`, e.g. `/pizzashack:1.0.0` (split at the last colon). */
export function apiArgument(value: string, flag: string): { context: string; version: string } {
  const colon = value.lastIndexOf(':');
  const context = value.slice(0, colon);
  const version = value.slice(colon + 1);
  if (colon < 0 || !context.startsWith('/') || version.length === 0) {
    throw usageError(`${flag} must be CONTEXT:VERSION, for example /pizzashack:1.0.0; got '${value}'`);
  }
  return { context, version };
}
