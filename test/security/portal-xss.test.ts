/**
 * The developer portal renders what subscribers type as text: an application or key named with
 * markup shows as those characters in Chromium and runs nothing (the page builds its DOM with
 * textContent, and its Content-Security-Policy allows its own script file only).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, stopAllDemos, type RunningDemo } from '../helpers/demo.js';
import { portalOf, serviceCall, signIn, type PortalFacts } from '../helpers/portal.js';
import { buildProgram } from '../helpers/programs.js';
import { launchChromium } from '../runtimes/browser.js';
import { findOrInstallChromium } from '../setup/chromium.js';

const HOSTILE_APP = '<img src=x onerror="window.__pwned=1">';
const HOSTILE_KEY = '<script>window.__pwned=2</script>';

let demo: RunningDemo;
let portal: PortalFacts;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  const [script, browser] = await Promise.all([buildProgram('keygate'), launchChromium(findOrInstallChromium())]);
  chromium = browser;
  demo = await startDemo(script, { KEYGATE_DEMO_DIR: mkdtempSync(join(tmpdir(), 'keygate-xss-test-')) });
  portal = portalOf(demo);
}, 120_000);
afterAll(async () => {
  await chromium?.close();
  stopAllDemos();
});

describe('the developer portal and hostile names', () => {
  it('shows markup in names as text and runs none of it', async () => {
    const cookie = await signIn(portal);
    const app = await serviceCall(portal, cookie, 'POST', '/applications', { name: HOSTILE_APP, throttlingPolicy: 'Unlimited', description: HOSTILE_KEY });
    expect(app.status).toBe(201);
    const key = await serviceCall(portal, cookie, 'POST', `/applications/${app.body.applicationId}/api-keys/PRODUCTION/generate`, { keyName: HOSTILE_KEY });
    expect(key.status).toBe(200);

    const [name, value] = cookie.split('=') as [string, string];
    await chromium.context.addCookies([{ name, value, url: portal.origin }]);
    const page = await chromium.context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(portal.url);
    await page.waitForSelector('#application:not([hidden])');
    await page.getByRole('button', { name: HOSTILE_APP }).click();
    await expect.poll(() => page.textContent('#app-name')).toBe(HOSTILE_APP);
    await expect.poll(() => page.textContent('#keys')).toContain(HOSTILE_KEY);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => document.querySelectorAll('img, main script').length)).toBe(0);
    expect(await page.getAttribute(`button[aria-label="Revoke ${HOSTILE_KEY}"]`, 'class')).toBe('danger');
    expect(violations).toEqual([]);
  });

  it('the page scripts never hand data to an HTML parser', () => {
    for (const file of ['portal.js', 'dom.js', 'generate-dialog.js']) {
      const script = readFileSync(`src/portal/${file}`, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, ''); // comments may name them
      expect(script, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    }
  });
});
