/**
 * The developer portal of `keygate demo`, in real Chromium (playwright-core, Debian's chromium):
 * sign in, create an application, subscribe it to PizzaShackAPI, generate a key in the dialog,
 * call the demo's gateway with it (200, then listed as last used), revoke it in the page, call again (401); restrictions
 * typed in the dialog are enforced by the gateway; the dialog is usable with the keyboard and
 * keeps focus; the page reads on a phone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeKey } from '../../../src/issue/index.js';
import { startDemo, stopAllDemos, type RunningDemo } from '../../helpers/demo.js';
import { portalOf, type PortalFacts } from '../../helpers/portal.js';
import { buildProgram } from '../../helpers/programs.js';
import { launchChromium } from '../../runtimes/browser.js';
import { findOrInstallChromium } from '../../setup/chromium.js';

let demo: RunningDemo;
let portal: PortalFacts;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  const [script, browser] = await Promise.all([buildProgram('keygate'), launchChromium(findOrInstallChromium())]);
  chromium = browser;
  demo = await startDemo(script, { KEYGATE_DEMO_DIR: mkdtempSync(join(tmpdir(), 'keygate-portal-test-')) });
  portal = portalOf(demo);
  await chromium.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: portal.origin });
  page = await chromium.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('dialog', (dialog) => void dialog.accept()); // the revoke confirmation
}, 120_000);
afterAll(async () => {
  await chromium?.close();
  stopAllDemos();
});

const menu = (apikey: string, headers: Record<string, string> = {}) => fetch(demo.menuUrl, { headers: { apikey, ...headers } });
const active = () => page.evaluate(() => document.activeElement?.id ?? '');

/** Opens the dialog, fills it, generates; resolves to the key and the curl command shown. */
async function generateInPage(fill: (page: Page) => Promise<void> = async () => {}): Promise<{ apikey: string; curl: string }> {
  await page.click('#open-generate');
  await fill(page);
  await page.click('#generate');
  await page.waitForSelector('#generated:not([hidden])');
  const apikey = await page.inputValue('#key-value');
  const curl = await page.inputValue('#curl-command');
  await page.click('#generated [data-close]');
  return { apikey, curl };
}

describe('the developer portal in Chromium', () => {
  it('signs in as the demo user, with the page under a strict Content-Security-Policy', async () => {
    const answer = await page.goto(portal.url);
    expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForSelector('#sign-in:not([hidden])');
    await page.fill('#password', 'wrong');
    await page.click('#sign-in-form button[type=submit]');
    await expect.poll(() => page.textContent('#sign-in-error')).toBe('Wrong user name or password.');
    await page.fill('#password', portal.password);
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForSelector('#application:not([hidden])');
    expect(await page.textContent('#who-name')).toBe(portal.username);
    expect(await page.textContent('#app-name')).toBe('DefaultApplication');
    expect(await page.textContent('#subscriptions')).toContain('PizzaShackAPI');
    // The banner's keys are listed; never the keys themselves.
    expect(await page.textContent('#keys')).toContain('banner key');
    expect(await page.content()).not.toContain(demo.apiKey.split('.')[2]);
  });

  it('labels every control', async () => {
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement>('input, select, textarea')].filter((e) => e.labels?.length === 0).map((e) => e.id),
    );
    expect(unlabelled).toEqual([]);
  });

  it('creates an application and subscribes it to PizzaShackAPI', async () => {
    await page.fill('#new-app-name', 'Portal test app');
    await page.selectOption('#new-app-policy', '50PerMin');
    await page.click('#create-app-form button[type=submit]');
    await expect.poll(() => page.textContent('#app-name')).toBe('Portal test app');
    expect(await page.textContent('#subscriptions')).toContain('Not subscribed');
    await page.selectOption('#subscribe-api', { label: 'PizzaShackAPI 1.0.0' });
    await page.selectOption('#subscribe-policy', 'Gold');
    await page.click('#subscribe-form button[type=submit]');
    await expect.poll(() => page.textContent('#subscriptions')).toContain('PizzaShackAPI');
    expect(await page.textContent('#subscriptions')).toContain('Gold');
    expect(await page.isHidden('#subscribe-form')).toBe(true);
  });

  it('opens the dialog from the keyboard, keeps focus inside it, and gives it back on Escape', async () => {
    await page.focus('#open-generate');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (document.getElementById('generate-dialog') as HTMLDialogElement).open)).toBe(true);
    expect(await active()).toBe('key-name');
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.getElementById('generate-dialog')!.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => (document.getElementById('generate-dialog') as HTMLDialogElement).open)).toBe(false);
    expect(await active()).toBe('open-generate');
  });

  it('generates a key shown once with copy and a ready curl command; the gateway takes it (200); revoked in the page, refused (401)', async () => {
    await page.click('#open-generate');
    await page.fill('#key-name', 'from the browser');
    await page.uncheck('#infinite');
    await page.fill('#validity', '3600');
    await page.click('#generate');
    await page.waitForSelector('#generated:not([hidden])');
    expect(await active()).toBe('generated-title');
    const apikey = await page.inputValue('#key-value');
    const payload = decodeKey(apikey).payload;
    expect((payload.exp as number) - (payload.iat as number)).toBe(3600);
    await page.click('#copy-key');
    await expect.poll(() => page.textContent('#copy-status')).toBe('API key copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(apikey);
    const curl = await page.inputValue('#curl-command');
    expect(curl).toBe(`curl -i "${portal.origin}/pizzashack/1.0.0/menu" -H "accept: application/json" -H "apikey: ${apikey}"`);
    await page.click('#generated [data-close]');
    // Shown once: the key leaves the page with the dialog.
    await expect.poll(() => page.inputValue('#key-value')).toBe('');
    expect(await active()).toBe('open-generate');

    expect(execFileSync('bash', ['-c', `${curl} -s -o /dev/null -w '%{http_code}'`], { encoding: 'utf8' })).toBe('200');
    expect((await menu(apikey)).status).toBe(200);
    // The gateway noted the call and writes it within seconds: the list, loaded again, shows it.
    const lastUsed = page.locator('#keys tr', { hasText: 'from the browser' }).locator('td[data-label="Last used"]');
    expect(await lastUsed.textContent()).toBe('Never');
    await expect.poll(async () => {
      await page.click('#applications [aria-current="true"]');
      return lastUsed.textContent();
    }, { timeout: 15_000, interval: 500 }).not.toBe('Never');
    await page.click('button[aria-label="Revoke from the browser"]');
    await expect.poll(() => page.textContent('#keys')).not.toContain('from the browser');
    const refused = await menu(apikey);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: '900901' });
  });

  it('enforces the IP restriction typed in the dialog', async () => {
    const { apikey } = await generateInPage(async (p) => {
      await p.check('#restrict-ip');
      await p.fill('#ip-addresses', '192.0.2.10\n198.51.100.0/24');
    });
    expect(decodeKey(apikey).payload.permittedIP).toBe('192.0.2.10,198.51.100.0/24');
    expect((await menu(apikey)).status).toBe(403);
    const local = await generateInPage(async (p) => {
      await p.check('#restrict-ip');
      await p.fill('#ip-addresses', '127.0.0.1, ::1');
    });
    expect((await menu(local.apikey)).status).toBe(200);
  });

  it('enforces the referrer restriction typed in the dialog; its curl command sends a matching Referer', async () => {
    const { apikey, curl } = await generateInPage(async (p) => {
      await p.check('#restrict-referer');
      await p.fill('#referrers', '*.example.com/*');
    });
    expect((await menu(apikey)).status).toBe(403);
    expect((await menu(apikey, { referer: 'https://shop.example.org/' })).status).toBe(403);
    expect((await menu(apikey, { referer: 'https://shop.example.com/cart' })).status).toBe(200);
    expect(curl).toContain('-H "Referer: https://www.example.com/"');
    expect(execFileSync('bash', ['-c', `${curl} -s -o /dev/null -w '%{http_code}'`], { encoding: 'utf8' })).toBe('200');
  });

  it('shows the service\'s refusal of a bad restriction in the dialog and focuses the field', async () => {
    await page.click('#open-generate');
    await page.check('#restrict-ip');
    await page.fill('#ip-addresses', 'example.com');
    await page.click('#generate');
    await expect.poll(() => page.textContent('#generate-error')).toMatch(/^additionalProperties\.permittedIP: entry 1 is invalid/);
    expect(await page.getAttribute('#generate-error', 'role')).toBe('alert');
    expect(await active()).toBe('ip-addresses');
    await page.keyboard.press('Escape');
  });

  it('reads on a phone: nothing wider than the screen, the dialog included', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.click('#open-generate');
    const box = await page.locator('#generate-dialog').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1000, height: 800 });
  });

  it('signs out: the service then answers 401 to the page', async () => {
    await page.click('#sign-out');
    await page.waitForSelector('#sign-in:not([hidden])');
    expect(await page.evaluate(() => fetch('/api/am/devportal/v3/applications').then((r) => r.status))).toBe(401);
    expect(pageErrors).toEqual([]);
  });
});
