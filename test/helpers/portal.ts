/** The demo's developer portal: its address and sign-in from the banner, and a signed-in session for Node's fetch. */
import type { RunningDemo } from './demo.js';

export interface PortalFacts {
  /** e.g. http://localhost:41234/devportal */
  readonly url: string;
  readonly origin: string;
  readonly username: string;
  readonly password: string;
}

export function portalOf(demo: RunningDemo): PortalFacts {
  const match = /portal +(http:\/\/\S+) +\(sign in as (\S+), password (\S+)\)/.exec(demo.banner);
  if (match === null) throw new Error(`the banner names no portal:\n${demo.banner}`);
  const [, url, username, password] = match as unknown as [string, string, string, string];
  return { url, origin: new URL(url).origin, username, password };
}

/** Signs in as the demo user; resolves to the session's `Cookie` header value. */
export async function signIn(portal: PortalFacts): Promise<string> {
  const response = await fetch(`${portal.url}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: portal.username, password: portal.password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** A call to the key service as the signed-in user. */
export async function serviceCall(portal: PortalFacts, cookie: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${portal.origin}/api/am/devportal/v3${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}
