import type { ApiKeyHeader } from '../index.js';

/** What `inspect --json` prints: the decoded key plus the facts a human asks first. */
export interface KeySummary {
  readonly header: ApiKeyHeader;
  readonly claims: Readonly<Record<string, unknown>>;
  /** Lightweight keys carry the application's id and uuid only; full keys embed subscribedAPIs. */
  readonly kind: 'lightweight' | 'full';
  readonly issuedAt: string | null;
  /** `null`: the key never expires. */
  readonly expiresAt: string | null;
  readonly expired: boolean;
  readonly restrictions: { readonly ip: readonly string[]; readonly referrer: readonly string[] };
  /** Always false: inspect decodes without checking the signature. */
  readonly verified: false;
}

const isoTime = (seconds: unknown): string | null =>
  typeof seconds === 'number' && Number.isFinite(seconds) && Math.abs(seconds) < 8.64e12 ? new Date(seconds * 1000).toISOString() : null;

const list = (claim: unknown): string[] =>
  typeof claim === 'string'
    ? claim
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0)
    : [];

export function summarize(header: ApiKeyHeader, claims: Readonly<Record<string, unknown>>, nowMs: number): KeySummary {
  const exp = claims.exp;
  return {
    header,
    claims,
    kind: claims.subscribedAPIs !== undefined || claims.tierInfo !== undefined ? 'full' : 'lightweight',
    issuedAt: isoTime(claims.iat),
    expiresAt: isoTime(exp),
    expired: typeof exp === 'number' && exp * 1000 <= nowMs,
    restrictions: { ip: list(claims.permittedIP), referrer: list(claims.permittedReferer) },
    verified: false,
  };
}

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['year', 31_536_000],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** `in 59 minutes`, `3 days ago`: the largest whole unit, enough to read a key's age at a glance. */
export function relativeTime(iso: string, nowMs: number): string {
  const seconds = Math.round((Date.parse(iso) - nowMs) / 1000);
  const abs = Math.abs(seconds);
  const [unit, size] = UNITS.find(([, s]) => abs >= s) ?? ['second', 1];
  const n = Math.floor(abs / size);
  const text = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}
