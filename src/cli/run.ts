import { version } from '../../package.json';
import { isKeygateError, type KeygateErrorCode } from '../errors.js';
import type { CliIo, Command } from './command.js';
import { demoCommand } from './commands/demo.js';
import { inspectCommand } from './commands/inspect.js';
import { issueCommand } from './commands/issue.js';
import { jwksCommand } from './commands/jwks.js';
import { keygenCommand } from './commands/keygen.js';
import { keysCommand } from './commands/keys.js';
import { revokeCommand } from './commands/revoke.js';
import { verifyCommand } from './commands/verify.js';

export const COMMANDS: readonly Command[] = [keygenCommand, issueCommand, inspectCommand, verifyCommand, jwksCommand, revokeCommand, keysCommand, demoCommand];

export const USAGE = `Usage: keygate <command> [options]

Issue, inspect and verify signed-JWT API keys (WSO2 API Manager compatible).

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(9)}${c.summary}`).join('\n')}

Run 'keygate <command> --help' for a command's options, 'keygate --version' for the version.
Exit status: 0 success, 1 failure (including an invalid key for verify), 2 usage error.
`;

/** KeygateError codes that mean "the arguments are wrong" rather than "the operation failed". */
const USAGE_CODES: ReadonlySet<KeygateErrorCode> = new Set([
  'ERR_INVALID_OPTION',
  'ERR_INVALID_IP',
  'ERR_INVALID_CIDR',
  'ERR_INVALID_REFERRER_PATTERN',
] as const);

/** Exit status for an error: 2 for usage mistakes, 1 for everything else. */
function describe(error: unknown): { message: string; status: number } {
  if (isKeygateError(error)) return { message: error.message, status: USAGE_CODES.has(error.code) ? 2 : 1 };
  const code = (error as { code?: unknown } | null)?.code;
  const path = (error as { path?: unknown } | null)?.path;
  if (typeof code === 'string' && typeof path === 'string') {
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code;
    return { message: `${path}: ${why}`, status: 1 };
  }
  return { message: error instanceof Error ? error.message : String(error), status: 1 };
}

/** An error line; newlines inside a message (a library's, or echoed input) would break scripts that read stderr. */
const oneLine = (prefix: string, message: string): string => `${prefix}: ${message.replace(/\s*[\r\n]+\s*/g, ' ')}\n`;

/** Runs `keygate` with its arguments (without `node` and the script); resolves to the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(USAGE);
    return 2;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${version}\n`);
    return 0;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = COMMANDS.find((c) => c.name === rest[0]);
    io.out(topic?.help ?? USAGE);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.err(oneLine('keygate', `unknown command '${name}' (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see keygate --help)`));
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const { message, status } = describe(error);
    io.err(oneLine(`keygate ${command.name}`, message));
    return status;
  }
}
