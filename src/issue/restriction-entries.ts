/**
 * Entry checks for restrictions at issue time. Placeholder until the restrict/ matchers land:
 * refuses whitespace inside an entry; the full grammars replace these functions.
 */
import { KeygateError } from '../errors.js';

export function checkIpEntry(entry: string): void {
  if (/\s/.test(entry)) throw new KeygateError('ERR_INVALID_IP', `"${entry}" contains whitespace`);
}

export function checkReferrerEntry(entry: string): void {
  if (/\s/.test(entry)) throw new KeygateError('ERR_INVALID_REFERRER_PATTERN', `"${entry}" contains whitespace`);
}
