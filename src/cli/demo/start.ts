/**
 * `keygate demo`: the seed doc's PizzaShack sample, end to end, on node:http and keygate alone.
 * An app of yours would import from 'keygate' (and 'keygate/keys', 'keygate/issue', 'keygate/gateway', 'keygate/restrict', 'keygate/node') instead of the sources.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { relative, sep } from 'node:path';
import { banner } from './banner.js';
import { createGateway } from './gateway.js';
import { createDemoKeyService } from './key-service.js';
import { PORTAL_PATH, servePortal } from './portal.js';
import { createDemoSessions, demoUser } from './sessions.js';
import { createBackendJwtSigner, createDemoStores, createDemoValidator, DEFAULT_APP, issueDemoKeys, TRIAL_TIER } from './setup.js';
import { loadOrCreateSigningKey } from './signing-key.js';
import { createPizzaShackServer } from './upstream.js';

export interface DemoOptions {
  /** The gateway's port; 0 picks a free one. */
  readonly port: number;
  readonly host: string;
  /** Where the signing key is kept across runs. */
  readonly dir: string;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} is in use; choose another with --port or PORT`) : error);
    });
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Ctrl-C / SIGTERM: stop accepting, drop idle keep-alive connections, say so; the process then ends with status 0. */
function stopOnSignals(servers: readonly Server[], out: (text: string) => void): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) process.exit(130); // a second Ctrl-C: do not wait for slow clients
    stopping = true;
    for (const server of servers) {
      server.close();
      server.closeAllConnections();
    }
    out(`\n${signal}: demo stopped.\n`);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** How to run this very CLI again: `npx keygate` when installed from npm, else `node <its path>`. */
function thisCli(): string {
  const script = process.argv[1] ?? 'keygate';
  if (script.split(sep).includes('node_modules')) return 'npx keygate';
  const path = relative(process.cwd(), script);
  return `node ${path.startsWith('..') ? script : path}`;
}

/** Starts the backend and the gateway, prints the banner, and leaves them serving until a signal. */
export async function startDemo({ port, host, dir }: DemoOptions, out: (text: string) => void): Promise<void> {
  const signing = await loadOrCreateSigningKey(dir);
  const backendJwt = await createBackendJwtSigner();

  const upstream = createPizzaShackServer((line) => out(`${line}\n`));
  const upstreamUrl = new URL(`http://127.0.0.1:${await listen(upstream, 0, '127.0.0.1')}/`);
  const stores = createDemoStores();
  const validator = createDemoValidator(stores, signing.publicKey, backendJwt.privateKey);
  const user = demoUser(DEFAULT_APP.owner);
  const sessions = createDemoSessions(user);
  const service = createDemoKeyService(stores, signing, sessions);
  const gateway = createGateway({ validator, upstream: upstreamUrl, other: (req, res) => servePortal(req, res, service, sessions) });
  // The upstream listens already: close it if the gateway cannot, so the process can end.
  const gatewayPort = await listen(gateway, port, host).catch((error: unknown) => {
    upstream.close();
    throw error;
  });
  stopOnSignals([gateway, upstream], out);

  const keys = await issueDemoKeys(signing.privateKey, stores.inventory).catch((error: unknown) => {
    for (const server of [gateway, upstream]) server.close();
    throw error;
  });
  const shownHost = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  out(
    banner({
      ...keys,
      menuUrl: `http://${shownHost}:${gatewayPort}/pizzashack/1.0.0/menu`,
      portalUrl: `http://${shownHost}:${gatewayPort}${PORTAL_PATH}`,
      user,
      upstreamUrl: new URL('menu', upstreamUrl).href,
      keyFile: signing.privateKeyPath,
      keyCreated: signing.created,
      kid: signing.privateKey.alias,
      alg: signing.privateKey.alg,
      appUuid: DEFAULT_APP.uuid,
      trialCalls: TRIAL_TIER.requests,
      cli: thisCli(),
    }),
  );
}
