/** Every TypeScript block of docs/securing-an-api.md runs and prints what the page says. */
import { describe, expect, it } from 'vitest';
import { runGuide } from './guide-runner.js';

describe('docs/securing-an-api.md', () => {
  it('runs and prints what it says', async () => {
    const exported = await runGuide('docs/securing-an-api.md');
    expect(Object.keys(exported)).toEqual(expect.arrayContaining(['pizzaShack', 'orders', 'subscriptions']));
  });
});
