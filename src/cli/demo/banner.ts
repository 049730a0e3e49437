import type { DemoUser } from './sessions.js';

export interface BannerFacts {
  /** e.g. `http://localhost:8243/pizzashack/1.0.0/menu`. */
  readonly menuUrl: string;
  /** The developer portal page, e.g. `http://localhost:8243/devportal`. */
  readonly portalUrl: string;
  /** Who signs in to the portal. */
  readonly user: DemoUser;
  readonly upstreamUrl: string;
  readonly keyFile: string;
  /** DefaultApplication's uuid, for the `keygate issue` hint. */
  readonly appUuid: string;
  readonly keyCreated: boolean;
  readonly kid: string;
  readonly alg: string;
  readonly apiKey: string;
  /** A key that only 127.0.0.1 and ::1 may use. */
  readonly ipRestrictedKey: string;
  /** A key issued to an application with no subscription (403). */
  readonly unsubscribedKey: string;
  /** A key of the application subscribed on the small `Trial` tier (429 after `trialCalls`). */
  readonly trialKey: string;
  readonly trialCalls: number;
  /** How to run the keygate CLI here, e.g. `npx keygate` or `node dist/cli/keygate.js`. */
  readonly cli: string;
}

const curl = (url: string, apiKey?: string): string =>
  `curl -i "${url}" -H "accept: application/json"${apiKey === undefined ? '' : ` -H "apikey: ${apiKey}"`}`;

/**
 * What the demo prints on start: the key on a line of its own (`API key: ...`, scripts grep it),
 * then curl commands that are ready to paste, each with the answer to expect.
 */
export function banner(f: BannerFacts): string {
  return `keygate demo: WSO2's PizzaShack sample behind an API-key gateway

  upstream  ${f.upstreamUrl}  (PizzaShack backend, loopback only, no security)
  gateway   ${f.menuUrl}  (API key security)
  portal    ${f.portalUrl}  (sign in as ${f.user.username}, password ${f.user.password})
  signing   ${f.keyFile}  (kid ${f.kid}, ${f.alg}, ${f.keyCreated ? 'created now' : 'reused'})
  DefaultApplication is subscribed to PizzaShackAPI 1.0.0; TrialApplication too, on a ${f.trialCalls}-calls-a-minute tier.
  PizzaShack never sees the key: the gateway strips it and sends a backend JWT (X-JWT-Assertion)
  instead; the lines 'PizzaShack <- ...' below show who called.

API key: ${f.apiKey}

# The key in the apikey header -> 200 and the menu
${curl(f.menuUrl, f.apiKey)}

# The key URL-encoded in the apikey query parameter -> 200 and the menu
${curl(`${f.menuUrl}?apikey=${encodeURIComponent(f.apiKey)}`)}

# A key restricted to the IPs 127.0.0.1 and ::1 -> 200 from this machine, 403 from any other
${curl(f.menuUrl, f.ipRestrictedKey)}

# A key of an application that is not subscribed -> 403 900908 Resource forbidden
${curl(f.menuUrl, f.unsubscribedKey)}

# No key -> 401 900902 Missing Credentials; a damaged key -> 401 900901 Invalid Credentials
${curl(f.menuUrl)}
${curl(f.menuUrl, `${f.apiKey.slice(0, -6)}AAAAAA`)}

# TrialApplication's tier allows ${f.trialCalls} calls a minute -> ${'200 '.repeat(f.trialCalls)}429 (900804 Message throttled out)
for i in $(seq ${f.trialCalls + 1}); do curl -s -o /dev/null -w "%{http_code} " "${f.menuUrl}" -H "apikey: ${f.trialKey}"; done; echo

More keys for DefaultApplication: generate them in the developer portal (above), or with the keygate CLI:
${f.cli} issue --key ${f.keyFile} --app-uuid ${f.appUuid}
Press Ctrl-C to stop.
`;
}
