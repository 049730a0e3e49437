/**
 * `npx keygate demo` in a project that installed the packed tarball (the global setup's consumer):
 * the demo ships in the package's bin (its developer portal page too), needs nothing else, and keeps its key in ./.keygate-demo.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startDemo, stopAllDemos, stopDemo } from '../helpers/demo.js';
import { portalOf } from '../helpers/portal.js';

const consumerDir = inject('consumerDir');
const stateDir = join(consumerDir, '.keygate-demo');

afterAll(() => {
  stopAllDemos();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('npx keygate demo, from the installed package', () => {
  it('serves the menu to the printed key, keeps its key in ./.keygate-demo, and stops on Ctrl-C', async () => {
    // --port 0: a free port (PORT, set too, would say otherwise); no npm update notice on stderr.
    const demo = await startDemo(['npx', 'keygate', 'demo', '--port', '0'], { PORT: '1', npm_config_update_notifier: 'false' }, consumerDir);
    try {
      expect(demo.banner).toContain('signing   .keygate-demo/private.pem  (kid gateway_certificate_alias, RS256, created now)');
      expect(existsSync(join(stateDir, 'private.pem'))).toBe(true);
      const menu = await fetch(demo.menuUrl, { headers: { apikey: demo.apiKey } });
      expect(menu.status).toBe(200);
      expect(((await menu.json()) as unknown[]).length).toBe(10);
      expect((await fetch(demo.menuUrl)).status).toBe(401);
      expect(demo.banner).toContain('\nnpx keygate issue --key .keygate-demo/private.pem --app-uuid ');
      // The developer portal's page ships inside the package's bin.
      const portal = portalOf(demo);
      expect(await (await fetch(`${portal.url}/`)).text()).toContain('<title>Developer Portal');
      expect(await (await fetch(`${portal.url}/dom.js`)).text()).toContain("'/api/am/devportal/v3'");
    } finally {
      const exit = await stopDemo(demo, 'SIGINT');
      expect(exit.rest).toContain('SIGINT: demo stopped.');
      expect(exit.stderr).toBe('');
    }
  });
});
