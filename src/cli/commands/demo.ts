import { usageError } from '../args.js';
import { defineCommand } from '../command.js';
import { startDemo } from '../demo/start.js';

const DEFAULT_PORT = 8243;

function portNumber(value: string, from: string): number {
  const port = /^[0-9]{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port <= 65535)) throw usageError(`${from} must be a port number (0 to 65535), got '${value}'`);
  return port;
}

export const demoCommand = defineCommand({
  name: 'demo',
  summary: "Run WSO2's PizzaShack sample behind a keygate API-key gateway (Ctrl-C stops it)",
  help: `Usage: keygate demo [--port PORT]

Starts WSO2's PizzaShack sample API on this machine: the backend (loopback only, no
security) and in front of it a gateway that serves /pizzashack/1.0.0/menu to callers
with a valid API key. It prints keys and ready-to-paste curl commands, each with the
answer to expect (200, 401, 403, 429). The signing key is kept in .keygate-demo/ in the
current directory, so keys printed by an earlier run keep working. Ctrl-C stops it.

Options:
  --port PORT   the gateway's port (default: the PORT environment variable, else ${DEFAULT_PORT};
                0 picks a free one)
  -h, --help    show this help

Environment:
  PORT              the gateway's port when --port is not given
  HOST              the address the gateway listens on (default 127.0.0.1)
  KEYGATE_DEMO_DIR  where the signing key is kept (default .keygate-demo)

Example:
  npx keygate demo --port 9000
`,
  options: { port: { type: 'string' } },
  maxPositionals: 0,
  async execute(values, _positionals, io) {
    const { PORT, HOST, KEYGATE_DEMO_DIR } = process.env;
    const port = values.port !== undefined ? portNumber(values.port, '--port') : PORT !== undefined ? portNumber(PORT, 'PORT') : DEFAULT_PORT;
    await startDemo({ port, host: HOST ?? '127.0.0.1', dir: KEYGATE_DEMO_DIR ?? '.keygate-demo' }, io.out);
    // The servers keep the process alive until a signal stops them.
    return 0;
  },
});
