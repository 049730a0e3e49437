import { createServer, type IncomingMessage, type Server } from 'node:http';
import { decodeKey } from '../../issue/index.js';
import { MENU } from './menu.js';

const MENU_JSON = JSON.stringify(MENU);
const CLAIM = 'http://wso2.org/claims/';

/**
 * Who called, from the gateway's backend JWT (WSO2's `X-JWT-Assertion`). The demo only decodes it:
 * a real backend verifies it with the gateway's public key (see docs/guide.md, backend JWTs).
 */
function caller(req: IncomingMessage, url: URL): string {
  const keyArrived = req.headers.apikey !== undefined || url.searchParams.has('apikey');
  const leak = keyArrived ? 'THE API KEY ARRIVED HERE' : 'no API key received';
  const assertion = req.headers['x-jwt-assertion'];
  if (typeof assertion !== 'string') return `no backend JWT, ${leak}`;
  try {
    const claims = decodeKey(assertion).payload;
    const claim = (name: string): string => String(claims[CLAIM + name] ?? '-');
    return `subscriber ${claim('subscriber')}, application ${claim('applicationUUId')}, ${claim('keytype')} (backend JWT), ${leak}`;
  } catch {
    return `unreadable backend JWT, ${leak}`;
  }
}

/**
 * The PizzaShack backend of WSO2's sample API. It has no security of its own: only the gateway
 * in front of it decides who may call it, so it listens on the loopback interface only.
 */
export function createPizzaShackServer(log: (line: string) => void = () => {}): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream.invalid');
    log(`PizzaShack <- ${req.method ?? ''} ${url.pathname}: ${caller(req, url)}`);
    if (url.pathname === '/menu' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(MENU_JSON) });
      res.end(req.method === 'HEAD' ? undefined : MENU_JSON);
      return;
    }
    const body = JSON.stringify({ code: '404', message: 'Not Found', description: `PizzaShack has no ${req.method ?? ''} ${url.pathname}` });
    res.writeHead(404, { 'content-type': 'application/json' }).end(body);
  });
}
