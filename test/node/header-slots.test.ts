import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { nodeHeaderSlots } from '../../src/node/header-slots.js';

/** The first request a server receives, handed to `inspect`, whose answer the test gets back. */
async function firstRequest<T>(handler: (listener: (req: IncomingMessage) => T) => Parameters<typeof createServer>[1], inspect: (req: IncomingMessage) => T): Promise<T> {
  let seen: T | undefined;
  const server = createServer(handler((req) => (seen = inspect(req))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, { headers: { apikey: 'k' } });
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  return seen as T;
}

describe('nodeHeaderSlots', () => {
  const check = (req: IncomingMessage) => {
    const slots = nodeHeaderSlots(req);
    // Finding the slots must not build the headersDistinct view itself.
    return { found: slots !== undefined, built: slots !== undefined && (req as unknown as Record<symbol, unknown>)[slots.distinct] !== undefined };
  };

  it("finds Node's header slots on an IncomingMessage (the adapters' fast path) without building a view", async () => {
    expect(await firstRequest((inspect) => (req, res) => (inspect(req), res.end()), check)).toEqual({ found: true, built: false });
  });

  it('finds them on an Express request, whose prototype is the app\'s', async () => {
    const result = await firstRequest((inspect) => {
      const app = express();
      app.use((req, res) => (inspect(req), res.end()));
      return app;
    }, check);
    expect(result).toEqual({ found: true, built: false });
  });

  it('answers undefined for objects that are not Node requests', () => {
    expect(nodeHeaderSlots({ headers: {}, rawHeaders: [] })).toBeUndefined();
    expect(nodeHeaderSlots(Object.create(null) as object)).toBeUndefined();
  });
});
