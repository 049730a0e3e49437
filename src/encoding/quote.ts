/**
 * Characters JSON.stringify leaves as they are but that can hide or reorder text in a log or a
 * terminal: DEL and C1 controls, the line and paragraph separators, bidirectional overrides.
 */
const INVISIBLE = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Untrusted text for a message: cut to `max` characters (`…` marks the cut) so a huge value
 * cannot flood logs, quoted, and with every control character escaped.
 */
export function quoteInput(value: string, max = 80): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value).replace(INVISIBLE, escape);
}
