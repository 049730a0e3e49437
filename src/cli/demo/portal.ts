/**
 * The developer portal of the demo: the page (src/portal, shipped inside the CLI), its sign-in, and
 * the key service behind it, on the gateway's own origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import html from '../../portal/index.html?raw';
import css from '../../portal/portal.css?raw';
import icon from '../../portal/favicon.svg?raw';
import dom from '../../portal/dom.js?raw';
import dialog from '../../portal/generate-dialog.js?raw';
import script from '../../portal/portal.js?raw';
import type { KeyService } from '../../service/index.js';
import { serveFetch } from './fetch-bridge.js';
import { SESSION_COOKIE, type DemoSessions } from './sessions.js';

export const PORTAL_PATH = '/devportal';
export const SERVICE_PATH = '/api/am/devportal/v3';
const MAX_SIGN_IN_BYTES = 4096;

/**
 * The page runs its own files only: no inline script or style, nothing from elsewhere, no frames
 * around it. A name that slipped into markup could still run nothing.
 */
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const FILES: Readonly<Record<string, readonly [string, string]>> = {
  [`${PORTAL_PATH}/`]: ['text/html; charset=utf-8', html],
  [`${PORTAL_PATH}/portal.css`]: ['text/css; charset=utf-8', css],
  [`${PORTAL_PATH}/portal.js`]: ['text/javascript; charset=utf-8', script],
  [`${PORTAL_PATH}/dom.js`]: ['text/javascript; charset=utf-8', dom],
  [`${PORTAL_PATH}/generate-dialog.js`]: ['text/javascript; charset=utf-8', dialog],
  [`${PORTAL_PATH}/favicon.svg`]: ['image/svg+xml', icon],
};

const send = (res: ServerResponse, status: number, headers: Record<string, string>, body?: string): void => {
  res.writeHead(status, { ...PAGE_HEADERS, ...headers }).end(body);
};
const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void =>
  send(res, status, { 'content-type': 'application/json', ...headers }, JSON.stringify(body));

async function readSmallJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > MAX_SIGN_IN_BYTES) return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `GET` who is signed in, `POST` sign in (JSON only, as the service: no form can post it), `DELETE` sign out. */
async function session(req: IncomingMessage, res: ServerResponse, sessions: DemoSessions): Promise<void> {
  const cookie = req.headers.cookie;
  if (req.method === 'GET') {
    const user = sessions.userOf(cookie);
    if (user === undefined) sendJson(res, 401, { code: 401, message: 'Unauthorized', description: 'not signed in' });
    else sendJson(res, 200, user);
  } else if (req.method === 'POST') {
    const body = /^application\/json\b/i.test(req.headers['content-type'] ?? '') ? await readSmallJson(req) : undefined;
    const token = sessions.signIn(body?.username, body?.password);
    if (token === undefined) {
      sendJson(res, 401, { code: 401, message: 'Unauthorized', description: 'Wrong user name or password.' });
      return;
    }
    const setCookie = `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`;
    sendJson(res, 200, sessions.userOf(`${SESSION_COOKIE}=${token}`), { 'set-cookie': setCookie });
  } else if (req.method === 'DELETE') {
    sessions.signOut(cookie);
    send(res, 204, { 'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0` });
  } else {
    send(res, 405, { allow: 'GET, POST, DELETE' });
  }
}

/** Answers the portal's requests (page, session, key service) and says whether it did; other paths are the gateway's. */
export function servePortal(req: IncomingMessage, res: ServerResponse, service: KeyService, sessions: DemoSessions): boolean {
  const path = new URL(req.url ?? '/', 'http://demo.invalid').pathname;
  if (path === SERVICE_PATH || path.startsWith(`${SERVICE_PATH}/`)) {
    serveFetch(service, req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { code: 500, message: 'Internal Server Error', description: 'the key service failed to answer' });
      else res.destroy();
    });
    return true;
  }
  if (path === `${PORTAL_PATH}/session`) {
    void session(req, res, sessions).catch(() => res.destroy());
    return true;
  }
  if (path === PORTAL_PATH) {
    send(res, 301, { location: `${PORTAL_PATH}/` });
    return true;
  }
  const file = FILES[path];
  if (file === undefined) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') send(res, 405, { allow: 'GET, HEAD' });
  else send(res, 200, { 'content-type': file[0] }, req.method === 'HEAD' ? undefined : file[1]);
  return true;
}
