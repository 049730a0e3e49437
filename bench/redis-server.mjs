// A throwaway redis-server for the benches: on a free loopback port, no persistence, killed when the
// bench exits. REDIS_PORT points the benches at a running one instead.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves with `{ port, stop() }` once the server answers PING. */
export async function redisServer() {
  if (process.env.REDIS_PORT) return { port: Number(process.env.REDIS_PORT), stop: () => undefined };
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  process.on('exit', () => child.kill('SIGTERM')); // also when the bench itself fails
  child.on('error', () => {
    console.error('redis-server not found: install it (apt-get install redis-server) or set REDIS_PORT');
    process.exit(1);
  });
  const probe = new Redis({ port, host: '127.0.0.1', retryStrategy: () => 50 }); // queues the PING until it is up
  probe.on('error', () => undefined);
  await probe.ping();
  probe.disconnect();
  return { port, stop: () => child.kill('SIGTERM') };
}

/** Sorted samples' quantile `q` (0..1). */
export const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Median and p99 in µs of `iterations` sequential awaited calls of `fn`, after `warmup` calls (JIT, caches, connections). */
export async function sampleLatency(fn, iterations, warmup) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn();
    samples[i] = performance.now() - t;
  }
  samples.sort();
  return { median: quantile(samples, 0.5) * 1000, p99: quantile(samples, 0.99) * 1000 };
}
