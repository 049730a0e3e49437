/**
 * The largest `clockTolerance` a validator accepts, in seconds, and how long past a key's `exp`
 * every revocation store keeps its revocation. One number for both, so no combination of
 * options can accept a revoked key again once its revocation has been forgotten: a validator
 * takes a key as expired no later than `exp + MAX_CLOCK_TOLERANCE`.
 */
export const MAX_CLOCK_TOLERANCE = 300;

/** When a store may forget a revocation of a key expiring at `exp` (seconds); `Infinity` for keys that never expire. */
export function revocationKeptUntil(exp: number | undefined): number {
  return exp === undefined || !Number.isFinite(exp) ? Infinity : exp + MAX_CLOCK_TOLERANCE;
}
