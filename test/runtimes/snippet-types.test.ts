/**
 * Every ```ts / ```js snippet of the README and docs/ (api.md aside: declarations), type-checked as a
 * user's project would: against the package installed from its tarball, in strict mode with
 * `exactOptionalPropertyTypes` and `noUncheckedIndexedAccess`, under `nodenext`, `bundler` and
 * CommonJS (`node16`) settings, with TypeScript 5.9 and 7. (The snippets also run: test/docs/.)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { typedSnippetsOf } from '../helpers/snippets.js';

const root = resolve(import.meta.dirname, '../..');
const DOCS = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md') && f !== 'api.md').map((f) => `docs/${f}`)];
// The frameworks and clients the snippets import, and the type packages users add for them.
const LINKED = ['express', 'fastify', 'hono', '@hono', 'jose', 'redis', 'ioredis', '@types'];

/** Modules the snippets import from their own project (`./keys.js`...), and the Deno and Bun globals. */
const STUBS: Record<string, string> = {
  'keys.ts': 'export declare const publicKeyPem: string;\n',
  'fixtures.ts': "import type { KeyPair } from 'keygate';\nexport declare function sharedKeyPair(): Promise<KeyPair>;\n",
  'setup.ts': "import type { RedisRevocationStore, RedisSubscriptionStore } from 'keygate/redis';\nexport declare const subscriptions: RedisSubscriptionStore;\nexport declare const revocations: RedisRevocationStore;\n",
  'runtimes.d.ts': [
    'declare const Deno: { env: { get(name: string): string | undefined }; serve(options: { port?: number }, handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Response | Promise<Response>): unknown };',
    'declare const Bun: { serve(options: { port?: number; fetch(request: Request, server: { requestIP(request: Request): { address: string } | null }): Response | Promise<Response> }): unknown };',
  ].join('\n'),
};

const SETTINGS = {
  nodenext: { packageType: 'module', compilerOptions: { module: 'nodenext' } },
  bundler: { packageType: 'module', compilerOptions: { module: 'esnext', moduleResolution: 'bundler' } },
  commonjs: { packageType: 'commonjs', compilerOptions: { module: 'node16', moduleResolution: 'node16' } },
} as const;
// CommonJS settings: top-level await (TS1309) is ESM-only, and so is jose (TS1479, import of an ESM
// package from CommonJS). Those lines are what CommonJS users write differently (README: async main).
const CJS_ONLY_ERRORS = /error TS1309|error TS1479/;

const COMPILERS = {
  'TypeScript 5.9': join(root, 'node_modules/typescript/bin/tsc'),
  'TypeScript 7': join(root, 'node_modules/typescript7/bin/tsc'),
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(inject('consumerDir'), '..', 'snippet-types-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(inject('consumerDir'), 'node_modules/keygate'), join(dir, 'node_modules/keygate'), 'dir');
  for (const name of LINKED) symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  mkdirSync(join(dir, 'src'));
  for (const [file, code] of Object.entries(STUBS)) writeFileSync(join(dir, 'src', file), code);
  for (const doc of DOCS) {
    typedSnippetsOf(doc).forEach(({ code, language, file }, i) => {
      // `.cjs` stays CommonJS in every setting; other names go by their language.
      const name = file ?? `${doc.replace(/\W/g, '_')}_${i}.${language}`;
      writeFileSync(join(dir, 'src', name), code);
    });
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(Object.entries(COMPILERS))('docs snippets type-check with %s', (_compiler, tsc) => {
  it.each(Object.keys(SETTINGS) as (keyof typeof SETTINGS)[])('under %s settings, strict with exactOptionalPropertyTypes', (setting) => {
    const { packageType, compilerOptions } = SETTINGS[setting];
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'snippets', private: true, type: packageType }));
    const config = {
      compilerOptions: {
        strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, target: 'es2022', lib: ['es2023', 'dom'],
        noEmit: true, allowJs: true, checkJs: true, skipLibCheck: true, types: ['node'], ...compilerOptions,
      },
      include: ['src'],
    };
    writeFileSync(join(dir, `tsconfig.${setting}.json`), JSON.stringify(config));
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', `tsconfig.${setting}.json`, '--pretty', 'false'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    const errors = output.split('\n').filter((line) => /error TS\d+/.test(line) && !(setting === 'commonjs' && CJS_ONLY_ERRORS.test(line)));
    expect(errors).toEqual([]);
  }, 120_000);
});
