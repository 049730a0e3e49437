import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestServer } from '../helpers/http.js';
import { launchChromium } from './browser.js';
import { expectFlowResults } from './expectations.js';
import { serveStatic } from './static-server.js';

let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  server = await serveStatic(inject('consumerDir'));
  chromium = await launchChromium(inject('chromium'));
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe('chromium', () => {
  it('runs the flow on the ESM bundle with the browser\'s WebCrypto', async () => {
    const page = await chromium.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(`${server.origin}/page.html`);
    await page.waitForFunction(() => 'flowResult' in window, undefined, { timeout: 60_000 });
    const outcome = (await page.evaluate(() => (window as unknown as { flowResult: unknown }).flowResult)) as { ok: boolean; results?: unknown; error?: string };
    expect(errors).toEqual([]);
    expect(outcome.error).toBeUndefined();
    expectFlowResults(outcome.results);
    // The page really ran inside chromium, not in Node.
    expect(await page.evaluate(() => navigator.userAgent)).toMatch(/Chrom/);
  });
});
