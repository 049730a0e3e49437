import { expect } from 'vitest';

/** What flow.mjs must report in every runtime, for each algorithm. */
export function expectFlowResults(results: unknown): void {
  expect(results).toEqual(
    ['RS256', 'ES256'].map((alg) => ({
      alg,
      accepted: { application: '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547', api: 'PizzaShackAPI' },
      tampered: { status: 401, reason: 'bad_signature' },
      together: ['bad_signature', true, 'bad_signature', true],
      served: { status: 200, body: '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547 false' },
      refused: {
        status: 401,
        challenge: 'ApiKey realm="keygate"',
        body: { code: '900902', message: 'Missing Credentials', description: expect.stringContaining('apikey') },
      },
      restricted: { inside: true, outside: 'ip_restricted', withoutPlugin: 'ip_restricted' },
      service: { generated: 200, accepted: true, revoked: 200, after: 'revoked' },
    })),
  );
}
