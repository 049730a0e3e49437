/**
 * `npm run demo`: the seed doc's PizzaShack sample, end to end, on node:http and keygate alone.
 * An app of yours would import from 'keygate' (and 'keygate/node') instead of the sources.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemorySubscriptionStore, createValidator, issueKey } from '../index.js';
import type { ApiDefinition } from '../index.js';
import { banner } from './banner.js';
import { createGateway } from './gateway.js';
import { loadOrCreateSigningKey } from './signing-key.js';
import { createPizzaShackServer } from './upstream.js';

const API: ApiDefinition = { name: 'PizzaShackAPI', context: '/pizzashack', version: '1.0.0' };
/** The seed doc's DefaultApplication (its sample key names this uuid and id). */
const APP = { uuid: '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547', id: 35, name: 'DefaultApplication', owner: 'kanchana', tier: 'Unlimited' };
const OTHER_APP = { uuid: '6d1f0e0a-8d0b-4c52-9a3e-0c3f6b1f2a77', name: 'UnsubscribedApplication' };

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

async function main(): Promise<void> {
  const port = portFromEnv(process.env.PORT);
  const host = process.env.HOST ?? '127.0.0.1';
  const signing = await loadOrCreateSigningKey(process.env.KEYGATE_DEMO_DIR ?? '.keygate-demo');

  const upstream = createPizzaShackServer();
  const upstreamPort = await listen(upstream, 0, '127.0.0.1');
  const upstreamUrl = new URL(`http://127.0.0.1:${upstreamPort}/`);

  // Step 2 of the seed doc: DefaultApplication subscribes to PizzaShackAPI (tier Unlimited).
  const subscriptions = createMemorySubscriptionStore([
    { applicationUuid: APP.uuid, apiContext: API.context, apiVersion: API.version, tier: 'Unlimited' },
  ]);
  const validator = createValidator({ keys: [signing.publicKey], subscriptions, apis: [API] });
  const gateway = createGateway({ validator, api: API, upstream: upstreamUrl, keyParameter: 'apikey' });
  const gatewayPort = await listen(gateway, port, host);

  const signingKey = signing.privateKey;
  const [apiKey, ipRestrictedKey, unsubscribedKey] = await Promise.all([
    issueKey({ signingKey, subject: APP.owner, application: APP }),
    issueKey({ signingKey, subject: APP.owner, application: APP, permittedIPs: ['127.0.0.1', '::1'] }),
    issueKey({ signingKey, subject: 'guest', application: OTHER_APP }),
  ]);
  const shownHost = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  process.stdout.write(
    banner({
      menuUrl: `http://${shownHost}:${gatewayPort}/pizzashack/1.0.0/menu`,
      upstreamUrl: new URL('menu', upstreamUrl).href,
      keyFile: signing.privateKeyPath,
      appUuid: APP.uuid,
      keyCreated: signing.created,
      kid: signingKey.alias,
      alg: signingKey.alg,
      apiKey,
      ipRestrictedKey,
      unsubscribedKey,
    }),
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) process.exit(130); // a second Ctrl-C: do not wait for slow clients
    stopping = true;
    for (const server of [gateway, upstream]) {
      server.close();
      server.closeAllConnections();
    }
    process.stdout.write(`\n${signal}: demo stopped.\n`);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`keygate demo: ${error instanceof Error ? error.message : String(error)}\n`);
  // The upstream may be listening already: exit rather than wait for it.
  process.exit(1);
});
