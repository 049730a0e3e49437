import { decodeKey } from '../../issue/index.js';
import { defineCommand } from '../command.js';
import { readKeyArgument } from '../key-input.js';
import { relativeTime, summarize, type KeySummary } from '../key-summary.js';

const TIME_CLAIMS = new Set(['iat', 'exp', 'nbf']);

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function table(title: string, rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(0, ...rows.map(([name]) => name.length));
  return `${title}\n${rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`).join('\n')}\n`;
}

function application(claims: Readonly<Record<string, unknown>>): string {
  const app = claims.application;
  if (typeof app !== 'object' || app === null) return '(none)';
  const fields = Object.entries(app).map(([name, value]) => `${name} ${show(value)}`);
  return fields.join(', ');
}

/** The human-readable report: header, claims (times also as dates), then what they mean. */
export function formatSummary(summary: KeySummary, nowMs: number): string {
  const { claims, restrictions } = summary;
  const claimRows = Object.entries(claims).map(([name, value]): [string, string] => {
    const iso = TIME_CLAIMS.has(name) && typeof value === 'number' ? new Date(value * 1000).toISOString() : undefined;
    return [name, iso ? `${value} (${iso})` : show(value)];
  });
  const expires =
    summary.expiresAt === null
      ? 'never (no exp claim)'
      : `${summary.expiresAt} (${summary.expired ? 'expired ' : ''}${relativeTime(summary.expiresAt, nowMs)})`;
  const apis = Array.isArray(claims.subscribedAPIs)
    ? (claims.subscribedAPIs as unknown[]).map((api) => {
        const a = (api ?? {}) as Record<string, unknown>;
        return `${show(a.name)} ${show(a.context)} ${show(a.version)}`;
      })
    : [];
  const meaning: Array<[string, string]> = [
    ['kind', summary.kind === 'full' ? 'full (embeds subscribedAPIs and tierInfo)' : 'lightweight (application id and uuid only)'],
    ['application', application(claims)],
    ['key type', show(claims.keytype)],
    ['issued', summary.issuedAt === null ? 'unknown (no iat claim)' : `${summary.issuedAt} (${relativeTime(summary.issuedAt, nowMs)})`],
    ['expires', expires],
    ['IP', restrictions.ip.length === 0 ? 'any (no restriction)' : restrictions.ip.join(', ')],
    ['referrer', restrictions.referrer.length === 0 ? 'any (no restriction)' : restrictions.referrer.join(', ')],
  ];
  if (summary.kind === 'full') meaning.push(['APIs', apis.length === 0 ? '(none)' : apis.join('; ')]);
  meaning.push(['signature', "not verified (use 'keygate verify')"]);
  return [
    table('Header', Object.entries(summary.header).map(([name, value]) => [name, show(value)])),
    table('Claims', claimRows),
    table('Summary', meaning),
  ].join('\n');
}

export const inspectCommand = defineCommand({
  name: 'inspect',
  summary: 'Decode an API key without verifying it: header, claims, validity, restrictions',
  help: `Usage: keygate inspect [--json] KEY

Decodes an API key WITHOUT checking its signature and shows its header and claims,
issue and expiry times as dates, its restrictions and whether it is lightweight or full.
KEY may be URL-encoded (as copied from a ?apikey= query); '-' reads it from standard input.

Options:
  --json      print one JSON object (header, claims, kind, issuedAt, expiresAt, expired,
              restrictions, verified) instead of the report
  -h, --help  show this help

Example:
  keygate issue --key private.pem --app-uuid 42 | keygate inspect -
`,
  options: { json: { type: 'boolean' } },
  maxPositionals: 1,
  async execute(values, positionals, io) {
    const { header, payload } = decodeKey(await readKeyArgument(positionals[0], io));
    const now = Date.now();
    const summary = summarize(header, payload, now);
    io.out(values.json === true ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary, now));
    return 0;
  },
});
