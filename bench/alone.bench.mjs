// keygate's own work per uncached validation, with WebCrypto's verify stubbed out (it answers `true`
// at once): what keygate adds to a bare verification, measured alone. Node only (heap statistics).
// Run after a build: `node bench/alone.bench.mjs`. Not part of `npm test`; see docs/performance.md.
import { getHeapStatistics } from 'node:v8';
import { context, nextRequest, uncached } from './fixture.mjs';

const CALLS = Number(process.env.BENCH_CALLS ?? 300_000);
crypto.subtle.verify = async () => true;

// Each loop below awaits `validate` directly, so no wrapper's promise is counted against keygate.
const check = (result) => {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
};
for (let i = 0; i < 20_000; i++) check(await uncached.validate(nextRequest(), context));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const times = [];
for (let round = 0; round < 5; round++) {
  const start = performance.now();
  for (let i = 0; i < CALLS / 5; i++) check(await uncached.validate(nextRequest(), context));
  times.push(((performance.now() - start) * 1000) / (CALLS / 5));
}
// Bytes allocated per call: heap growth over short windows, keeping only windows with no collection in them.
const used = () => getHeapStatistics().used_heap_size;
const bytes = [];
for (let window = 0; window < 40; window++) {
  const before = used();
  for (let i = 0; i < 100; i++) check(await uncached.validate(nextRequest(), context));
  const grown = used() - before;
  if (grown > 0) bytes.push(grown / 100);
}
console.log(`Node ${process.version}: keygate validate, cache off, WebCrypto stubbed`);
console.log(`  ${median(times).toFixed(2)} µs per call (median of 5 rounds: ${times.map((t) => t.toFixed(2)).join(', ')})`);
console.log(`  ${Math.round(median(bytes))} bytes allocated per call (median of ${bytes.length} windows without a collection)`);
