import { describe, expect, it } from 'vitest';
import { apiBasePath } from '../../src/index.js';
import { compileApis } from '../../src/apis/compile.js';

describe('API matching', () => {
  const apis = compileApis([
    { name: 'Pizza', context: '/pizzashack', version: '1.0.0' },
    { name: 'PizzaAdmin', context: '/pizzashack/1.0.0/admin', version: 'v1', basePath: '/pizzashack/1.0.0/admin' },
    { name: 'Templated', context: '/t/{version}/api', version: '2' },
  ], 'apikey');

  it("derives WSO2's base path from context and version", () => {
    expect(apiBasePath({ name: 'a', context: '/pizzashack', version: '1.0.0' })).toBe('/pizzashack/1.0.0');
    expect(apiBasePath({ name: 'a', context: '/pizzashack/1.0.0/', version: '1.0.0' })).toBe('/pizzashack/1.0.0');
    expect(apiBasePath({ name: 'a', context: '/t/{version}/api', version: '2' })).toBe('/t/2/api');
  });

  it('picks the longest base path at a segment boundary', () => {
    expect(apis.byPath('/pizzashack/1.0.0/menu')?.api.name).toBe('Pizza');
    expect(apis.byPath('/pizzashack/1.0.0')?.api.name).toBe('Pizza');
    expect(apis.byPath('/pizzashack/1.0.0/admin/orders')?.api.name).toBe('PizzaAdmin');
    expect(apis.byPath('/pizzashack/1.0.0/administrator')?.api.name).toBe('Pizza');
    expect(apis.byPath('/pizzashack/1.0.00/menu')).toBeUndefined();
    expect(apis.byPath('/t/2/api/x')?.api.name).toBe('Templated');
    expect(apis.byPath('/')).toBeUndefined();
  });

  it('finds an API by name or context', () => {
    expect(apis.byName('Pizza')?.api.context).toBe('/pizzashack');
    expect(apis.byName('/pizzashack')?.api.name).toBe('Pizza');
    expect(apis.byName('nope')).toBeUndefined();
  });
});
