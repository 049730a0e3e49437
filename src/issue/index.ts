// `keygate/issue`: signing API keys (the key manager's side) and reading them back unverified.
export { issueKey } from './issue-key.js';
export type { IssueApplication, IssueKeyOptions } from './options.js';
export { decodeKey, DEFAULT_MAX_KEY_LENGTH } from './decode-key.js';
export type { DecodedKey } from './decode-key.js';
export { signJws } from '../jws/sign.js';
export { revokeKey } from '../stores/revoke.js';
export type { RevokedKey, RevokeKeyOptions } from '../stores/revoke.js';
