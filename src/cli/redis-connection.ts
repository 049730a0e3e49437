/**
 * A minimal Redis client for the CLI (the package has no dependencies): one connection speaking
 * RESP2, in node-redis's `sendCommand(args)` shape, so keygate/redis's stores take it as it is.
 * Replies come back in order; an error reply rejects with its text (`NOSCRIPT ...` included).
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { KeygateError } from '../errors.js';
import type { SendCommandClient } from '../redis/index.js';

export interface RedisConnection extends SendCommandClient {
  close(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const CONNECT_TIMEOUT_MS = 5000;

/** A reply parsed from `buffer` at `at`, or undefined while it is incomplete. */
function parseReply(buffer: Buffer, at: number): { value: unknown; next: number } | undefined {
  const end = buffer.indexOf('\r\n', at);
  if (end < 0) return undefined;
  const line = buffer.toString('utf8', at + 1, end);
  const next = end + 2;
  switch (buffer[at]) {
    case 0x2b /* + */:
      return { value: line, next };
    case 0x2d /* - */:
      return { value: new Error(line), next };
    case 0x3a /* : */:
      return { value: Number(line), next };
    case 0x24 /* $ */: {
      const length = Number(line);
      if (length < 0) return { value: null, next };
      if (buffer.length < next + length + 2) return undefined;
      return { value: buffer.toString('utf8', next, next + length), next: next + length + 2 };
    }
    case 0x2a /* * */: {
      const count = Number(line);
      if (count < 0) return { value: null, next };
      const items: unknown[] = [];
      let position = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, position);
        if (item === undefined) return undefined;
        items.push(item.value);
        position = item.next;
      }
      return { value: items, next: position };
    }
    default:
      throw new Error('Redis sent a reply that is not RESP2');
  }
}

const encode = (args: readonly string[]): string =>
  `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;

function open(url: URL): Promise<Socket> {
  const port = Number(url.port || 6379);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = url.protocol === 'rediss:' ? connectTls({ host, port, servername: host }) : connectTcp({ host, port });
    const fail = (error: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      // The address only: the URL may hold a password.
      reject(new KeygateError('ERR_STORE_UNAVAILABLE', `cannot reach Redis at ${host}:${port}: ${error.message.replace(/\s+\S*:\d+$/, '')}`));
    };
    const timer: NodeJS.Timeout = setTimeout(() => fail(new Error('no answer')), CONNECT_TIMEOUT_MS);
    socket.once('error', fail);
    socket.once(url.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.off('error', fail);
      resolve(socket);
    });
  });
}

/** Parses `redis://[[user]:password@]host[:port][/db]` (or `rediss://` for TLS); the message never repeats the URL. */
export function redisUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new KeygateError('ERR_INVALID_OPTION', '--redis must be a URL such as redis://localhost:6379/0');
  }
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '' || !/^(\/\d*)?$/.test(url.pathname)) {
    throw new KeygateError('ERR_INVALID_OPTION', '--redis must be redis://[user:password@]host[:port][/db] or rediss://...');
  }
  return url;
}

/** Connects, authenticates (the URL's user and password) and selects the URL's database. */
export async function connectRedis(url: URL): Promise<RedisConnection> {
  const socket = await open(url);
  const pending: Pending[] = [];
  let buffer: Buffer = Buffer.alloc(0);
  const failAll = (error: Error): void => {
    for (const waiting of pending.splice(0)) waiting.reject(error);
  };
  socket.on('data', (chunk: Buffer) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    try {
      for (let reply = parseReply(buffer, 0); reply !== undefined; reply = parseReply(buffer, 0)) {
        buffer = buffer.subarray(reply.next);
        const waiting = pending.shift();
        if (reply.value instanceof Error) waiting?.reject(reply.value);
        else waiting?.resolve(reply.value);
      }
    } catch (error) {
      failAll(error as Error);
      socket.destroy();
    }
  });
  socket.on('error', (error) => failAll(error));
  socket.on('close', () => failAll(new Error('the connection to Redis closed')));

  const connection: RedisConnection = {
    sendCommand(args) {
      return new Promise((resolve, reject) => {
        if (socket.destroyed) {
          reject(new Error('the connection to Redis is closed'));
          return;
        }
        pending.push({ resolve, reject });
        socket.write(encode(args));
      });
    },
    close: () => void socket.end(),
  };
  const login = async (): Promise<void> => {
    const password = decodeURIComponent(url.password);
    if (password !== '') await connection.sendCommand(url.username === '' ? ['AUTH', password] : ['AUTH', decodeURIComponent(url.username), password]);
    const db = url.pathname.slice(1);
    if (db !== '') await connection.sendCommand(['SELECT', db]);
  };
  await login().catch((error: unknown) => {
    connection.close();
    throw new KeygateError('ERR_STORE_UNAVAILABLE', `Redis refused the connection: ${(error as Error).message}`);
  });
  return connection;
}
