import type { Algorithm } from '../keys/types.js';
import { isSupportedAlgorithm } from './algorithms.js';

export const MAX_KID_LENGTH = 256;

export type HeaderProblem = 'alg' | 'crit' | 'typ' | 'kid';

/**
 * RFC 8725 header rules: the algorithm must be on the allow-list (so `none` in any spelling and
 * HMAC never pass), `crit` is refused since keygate understands no extensions, `typ` (when
 * present) must say JWT, and `kid` is an opaque string of bounded length. `jku`, `x5u`, `jwk` and
 * `x5c` are ignored: keys only ever come from the validator's trusted key set.
 */
export function checkJwsHeader(
  header: Readonly<Record<string, unknown>>,
  allowed: ReadonlySet<Algorithm>,
): { alg: Algorithm; kid: string } | HeaderProblem {
  const { alg, kid, typ } = header;
  if (!isSupportedAlgorithm(alg) || !allowed.has(alg)) return 'alg';
  if (header.crit !== undefined) return 'crit';
  if (typ !== undefined && (typeof typ !== 'string' || typ.toUpperCase() !== 'JWT')) return 'typ';
  if (typeof kid !== 'string' || kid.length === 0 || kid.length > MAX_KID_LENGTH) return 'kid';
  return { alg, kid };
}
