import { parseCommandArgs, type FlagValues, type OptionSpec } from './args.js';

/** Where a command reads and writes; the real process in main.ts, buffers in tests. */
export interface CliIo {
  /** Standard output: results (keys, JSON, reports). */
  readonly out: (text: string) => void;
  /** Standard error: notes for the human at the terminal. */
  readonly err: (text: string) => void;
  readonly readStdin: () => Promise<string>;
}

export interface Command {
  readonly name: string;
  /** One line for `keygate --help`. */
  readonly summary: string;
  readonly help: string;
  /** Runs the command; resolves to the exit status. Throws KeygateError for one-line errors. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

interface CommandSpec<O extends OptionSpec> {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  readonly options: O;
  readonly maxPositionals: number;
  execute(values: FlagValues<O>, positionals: readonly string[], io: CliIo): Promise<number>;
}

/** A command whose flags are parsed strictly and whose `--help` prints `help`. */
export function defineCommand<const O extends OptionSpec>(spec: CommandSpec<O>): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    help: spec.help,
    async run(argv, io) {
      const parsed = parseCommandArgs(argv, spec.options, spec.maxPositionals);
      if (parsed === undefined) {
        io.out(spec.help);
        return 0;
      }
      return spec.execute(parsed.values, parsed.positionals, io);
    },
  };
}
