// Restriction matchers on the hot path: `npm run bench` (builds, then runs this file).
// Not part of `npm test` (no timed assertions there). Each figure is checks per second on one core.
import { compileIpAllowList, compileReferrerPatterns } from 'keygate/restrict';
import { resolveClientIp } from 'keygate/gateway';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 3_000_000);

function measure(label, inputs, check) {
  let hits = 0;
  for (let i = 0; i < 100_000; i++) if (check(inputs[i % inputs.length])) hits++; // warm-up
  hits = 0;
  const start = performance.now();
  for (let i = 0; i < ITERATIONS; i++) if (check(inputs[i % inputs.length])) hits++;
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label.padEnd(52)} ${Math.round(ITERATIONS / seconds).toLocaleString('en').padStart(12)} /s  (${Math.round((hits / ITERATIONS) * 100)}% matched)`);
}

// 1,000 entries: half IPv4 /24s spread over the space, half IPv6 /48s.
const entries = [];
for (let i = 0; i < 1000; i++) {
  entries.push(i % 2 ? `${((i * 7919) % 223) + 1}.${i % 256}.${(i * 31) % 256}.0/24` : `2001:db8:${i.toString(16)}::/48`);
}
const allowList = compileIpAllowList(entries);
const v4 = ['115.1.31.9', '120.3.93.7', '1.2.3.4', '201.17.15.9'];
const v6 = ['2001:db8:10::1', '2001:db9::1', '2001:db8:3e6:ffff::1'];
measure('ipMatches, 1,000 entries, IPv4 clients', v4, (ip) => allowList.matches(ip));
measure('ipMatches, 1,000 entries, IPv6 clients', v6, (ip) => allowList.matches(ip));
measure('ipMatches, 1,000 entries, ::ffff:a.b.c.d clients', v4.map((ip) => `::ffff:${ip}`), (ip) => allowList.matches(ip));

const patterns = compileReferrerPatterns(['www.example.com/path', '*.example.com/*', 'https://app.example.org:8443/*', 'localhost:3000']);
const referrers = ['https://www.example.com/path', 'https://shop.example.com/cart?id=7', 'https://evil.example.net/', 'http://localhost:3000/'];
measure('referrerMatches, 4 patterns', referrers, (referrer) => patterns.matches(referrer));

const trustedProxies = compileIpAllowList(['10.0.0.0/8']);
const requests = [{ 'x-forwarded-for': '198.51.100.1, 203.0.113.7, 10.0.0.9' }, { 'x-forwarded-for': '203.0.113.8' }];
measure('resolveClientIp, trusted peer, 3-hop X-Forwarded-For', requests, (headers) =>
  resolveClientIp({ peerIp: '10.0.0.5', headers, trustedProxies }) !== undefined,
);
