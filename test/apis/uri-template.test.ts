import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTemplates, compileUriTemplate, matchesTemplate, resourcePathEnd, type UriTemplate } from '../../src/apis/uri-template.js';

/**
 * The plain reading of a WSO2 URI template, written to be obviously right rather than fast:
 * split both on "/", compare segment by segment.
 */
function reference(template: string, subPath: string): boolean {
  let path = subPath;
  if (path === '/') path = '';
  else if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (path !== '' && !path.startsWith('/')) return false;
  const parts = path === '' ? [] : path.slice(1).split('/');
  const segments = template === '/' ? [] : template.slice(1).split('/');
  const wildcard = segments[segments.length - 1] === '*';
  if (wildcard) segments.pop();
  if (wildcard ? parts.length < segments.length : parts.length !== segments.length) return false;
  return segments.every((segment, i) => {
    const part = parts[i]!;
    const open = segment.indexOf('{');
    if (open < 0) return part === segment;
    const prefix = segment.slice(0, open);
    const suffix = segment.slice(segment.indexOf('}') + 1);
    return part.length > prefix.length + suffix.length && part.startsWith(prefix) && part.endsWith(suffix);
  });
}

const compiled = (template: string): UriTemplate => {
  const t = compileUriTemplate(template);
  if (typeof t === 'string') throw new Error(`${template} ${t}`);
  return t;
};

/** matchesTemplate on `subPath` below a base path, as the router calls it. */
function matches(template: string, subPath: string, base = '/pizzashack/1.0.0'): boolean {
  const path = base + subPath;
  const end = resourcePathEnd(path, base.length);
  return end >= 0 && matchesTemplate(compiled(template), path, base.length, end);
}

const templateSegment = fc.constantFrom('a', 'b', 'ab', 'menu', '{x}', 'a{x}', '{x}b', 'a{x}b', '{orderId}.json');
const templates = fc
  .tuple(fc.array(templateSegment, { maxLength: 4 }), fc.boolean())
  .map(([segments, wildcard]) => `/${[...segments, ...(wildcard ? ['*'] : [])].join('/')}`);
const pathSegment = fc.constantFrom('', 'a', 'b', 'ab', 'aab', 'abb', 'menu', 'x', '7.json', 'a.json', '%2F');
const subPaths = fc
  .tuple(fc.array(pathSegment, { maxLength: 6 }), fc.constantFrom('', '/'))
  .map(([segments, trailing]) => (segments.length === 0 ? trailing : `/${segments.join('/')}${trailing}`));

describe('WSO2 URI templates', () => {
  it('matches the examples of WSO2 resources', () => {
    expect(matches('/menu', '/menu')).toBe(true);
    expect(matches('/menu', '/menu/')).toBe(true);
    expect(matches('/menu', '/menus')).toBe(false);
    expect(matches('/menu', '/menu/x')).toBe(false);
    expect(matches('/order/{orderId}', '/order/42')).toBe(true);
    expect(matches('/order/{orderId}', '/order/')).toBe(false);
    expect(matches('/order/{orderId}', '/order/42/items')).toBe(false);
    expect(matches('/menu/{id}.json', '/menu/7.json')).toBe(true);
    expect(matches('/menu/{id}.json', '/menu/.json')).toBe(false);
    expect(matches('/*', '')).toBe(true);
    expect(matches('/*', '/anything/at/all')).toBe(true);
    expect(matches('/order/*', '/order')).toBe(true);
    expect(matches('/order/*', '/order/1/items')).toBe(true);
    expect(matches('/order/*', '/orders')).toBe(false);
    expect(matches('/', '')).toBe(true);
    expect(matches('/', '/')).toBe(true);
    expect(matches('/', '/menu')).toBe(false);
  });

  it('agrees with the plain split-and-compare reading on any template and path', () => {
    fc.assert(
      fc.property(templates, subPaths, (template, subPath) => {
        expect(matches(template, subPath)).toBe(reference(template, subPath));
      }),
      { numRuns: 5000 },
    );
  });

  it('also below the root base path and for paths that do not start below the base', () => {
    fc.assert(
      fc.property(templates, subPaths, (template, subPath) => {
        expect(matches(template, subPath, '')).toBe(reference(template, subPath));
      }),
    );
    expect(resourcePathEnd('/pizzashack/1.0.0menu', 17)).toBe(-1);
  });

  it('takes time linear in the path: a megabyte path against adversarial templates', () => {
    const long = `/${'a'.repeat(500_000)}/${'ab/'.repeat(100_000)}b`;
    const adversarial = ['/a{x}b/*', '/{x}/{y}/{z}/*', `/${'a/'.repeat(200)}*`, '/a{x}a/b{y}b', '/*'];
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      for (const template of adversarial) matches(template, long, '');
    }
    // Quadratic work on a megabyte would take minutes; linear work takes milliseconds.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('builds no RegExp from a template', () => {
    const source = readFileSync(new URL('../../src/apis/uri-template.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/new RegExp|RegExp\(/);
  });

  it('orders templates most specific first: literal, then {name} with text, then {name}, then *', () => {
    const order = ['/*', '/order/{id}', '/order/special', '/order/*', '/order/{id}.json', '/order/{id}/items']
      .map((t) => [t, compiled(t)] as const)
      .sort((a, b) => compareTemplates(a[1], b[1]))
      .map(([t]) => t);
    expect(order).toEqual(['/order/special', '/order/{id}.json', '/order/{id}/items', '/order/{id}', '/order/*', '/*']);
  });

  it('refuses what it cannot match exactly, with the reason', () => {
    const bad: [unknown, RegExp][] = [
      ['menu', /starting with "\/"/],
      [42, /starting with "\/"/],
      ['/a//b', /empty, "\." or "\.\." segment/],
      ['/a/../b', /"\.\."/],
      ['/a/*/b', /not plain path text/],
      ['/a*', /not plain path text/],
      ['/{x}{y}', /one \{name\} per segment/],
      ['/{}', /\{name\}/],
      ['/{a-b}', /\{name\}/],
      ['/{x', /\{name\}/],
      ['/a b', /not plain path text/],
      ['/menu?x=1', /not plain path text/],
      [`/${'a'.repeat(3000)}`, /longer than 2048/],
    ];
    for (const [template, reason] of bad) expect(compileUriTemplate(template as string)).toMatch(reason);
  });
});
