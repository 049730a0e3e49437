/**
 * `npm run demo`: the seed doc's PizzaShack sample, end to end, on node:http and keygate alone.
 * An app of yours would import from 'keygate' (and 'keygate/keys', 'keygate/issue', 'keygate/gateway', 'keygate/restrict', 'keygate/node') instead of the sources.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { banner } from './banner.js';
import { createGateway } from './gateway.js';
import { createBackendJwtSigner, createDemoValidator, DEFAULT_APP, issueDemoKeys, TRIAL_TIER } from './setup.js';
import { loadOrCreateSigningKey } from './signing-key.js';
import { createPizzaShackServer } from './upstream.js';

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} is in use; set PORT to another one`) : error);
    });
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function portFromEnv(value: string | undefined): number {
  const port = Number(value ?? 8243);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got '${value}'`);
  return port;
}

/** Ctrl-C / SIGTERM: stop accepting, drop idle keep-alive connections, say so, exit 0. */
function stopOnSignals(servers: readonly Server[]): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) process.exit(130); // a second Ctrl-C: do not wait for slow clients
    stopping = true;
    for (const server of servers) {
      server.close();
      server.closeAllConnections();
    }
    process.stdout.write(`\n${signal}: demo stopped.\n`);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function main(): Promise<void> {
  const port = portFromEnv(process.env.PORT);
  const host = process.env.HOST ?? '127.0.0.1';
  const signing = await loadOrCreateSigningKey(process.env.KEYGATE_DEMO_DIR ?? '.keygate-demo');
  const backendJwt = await createBackendJwtSigner();

  const upstream = createPizzaShackServer((line) => process.stdout.write(`${line}\n`));
  const upstreamUrl = new URL(`http://127.0.0.1:${await listen(upstream, 0, '127.0.0.1')}/`);
  const validator = createDemoValidator(signing.publicKey, backendJwt.privateKey);
  const gateway = createGateway({ validator, upstream: upstreamUrl });
  const gatewayPort = await listen(gateway, port, host);
  stopOnSignals([gateway, upstream]);

  const keys = await issueDemoKeys(signing.privateKey);
  const shownHost = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  process.stdout.write(
    banner({
      ...keys,
      menuUrl: `http://${shownHost}:${gatewayPort}/pizzashack/1.0.0/menu`,
      upstreamUrl: new URL('menu', upstreamUrl).href,
      keyFile: signing.privateKeyPath,
      keyCreated: signing.created,
      kid: signing.privateKey.alias,
      alg: signing.privateKey.alg,
      appUuid: DEFAULT_APP.uuid,
      trialCalls: TRIAL_TIER.requests,
    }),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`keygate demo: ${error instanceof Error ? error.message : String(error)}\n`);
  // The upstream may be listening already: exit rather than wait for it.
  process.exit(1);
});
