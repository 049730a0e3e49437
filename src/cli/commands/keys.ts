import type { IssuedKey } from '../../service/index.js';
import { createRedisKeyInventory } from '../../redis/index.js';
import { required } from '../args.js';
import { defineCommand } from '../command.js';
import { REDIS_FLAGS, REDIS_HELP, withRedis } from '../redis-options.js';

const time = (seconds: number | undefined): string => (seconds === undefined ? 'never' : new Date(seconds * 1000).toISOString());

function restrictions(key: IssuedKey): string {
  const parts = [key.permittedIP && `IP ${key.permittedIP}`, key.permittedReferer && `referrer ${key.permittedReferer}`].filter(Boolean);
  return parts.length === 0 ? 'none' : parts.join('; ');
}

/** One line per key, in columns; names are the subscribers' text, so control characters are escaped. */
function table(keys: readonly IssuedKey[]): string {
  const rows = keys.map((k) => [k.jti, k.keyType, time(k.issuedAt), time(k.expiresAt), time(k.lastUsedAt), restrictions(k), JSON.stringify(k.keyName)]);
  const head = ['jti', 'type', 'issued', 'expires', 'last used', 'restrictions', 'name'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return `${[head, ...rows].map(line).join('\n')}\n`;
}

export const keysCommand = defineCommand({
  name: 'keys',
  summary: "List an application's issued keys in a Redis deployment's key inventory",
  help: `Usage: keygate keys --redis URL [--prefix P] --app UUID [--json]

Lists the unexpired keys the key service (keygate/service) issued to an application, from
the deployment's key inventory in Redis (createRedisKeyInventory): jti, key type, issue and
expiry times, last use (written by gateways with createLastUsedTracker), restrictions and name.
The inventory never holds the keys themselves.

Options:
${REDIS_HELP}
  --app UUID     the application's uuid
  --json         print a JSON array of the inventory's entries
  -h, --help     show this help

Example:
  keygate keys --redis redis://localhost:6379 --app 1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547
`,
  options: { ...REDIS_FLAGS, app: { type: 'string' }, json: { type: 'boolean' } },
  maxPositionals: 0,
  async execute(values, _positionals, io) {
    const app = required(values.app, '--app');
    const keys = await withRedis(values, (client, prefix) => createRedisKeyInventory(client, { prefix }).list(app));
    if (values.json === true) io.out(`${JSON.stringify(keys, null, 2)}\n`);
    else if (keys.length === 0) io.out(`no keys issued to application ${app} (or all expired)\n`);
    else io.out(table(keys));
    return 0;
  },
});
