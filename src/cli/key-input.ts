import { usageError } from './args.js';
import type { CliIo } from './command.js';

/**
 * The KEY argument: the key itself, or `-` to read it from standard input. A key copied from a
 * query string (`...fQ%3D%3D.Kbx...`) is URL-decoded, so both of the seed doc's forms work.
 */
export async function readKeyArgument(argument: string | undefined, io: CliIo): Promise<string> {
  if (argument === undefined) throw usageError('the API key is missing: pass KEY, or - to read it from standard input');
  const raw = (argument === '-' ? await io.readStdin() : argument).trim();
  if (raw.length === 0) throw usageError('the API key is empty');
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    throw usageError('the API key holds a % that is not URL encoding');
  }
}
