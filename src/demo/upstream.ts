import { createServer, type Server } from 'node:http';
import { MENU } from './menu.js';

const MENU_JSON = JSON.stringify(MENU);

/**
 * The PizzaShack backend of WSO2's sample API. It has no security of its own: only the gateway
 * in front of it decides who may call it, so it listens on the loopback interface only.
 */
export function createPizzaShackServer(): Server {
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://upstream.invalid').pathname;
    if (path === '/menu' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(MENU_JSON),
      });
      res.end(req.method === 'HEAD' ? undefined : MENU_JSON);
      return;
    }
    const body = JSON.stringify({ code: '404', message: 'Not Found', description: `PizzaShack has no ${req.method ?? ''} ${path}` });
    res.writeHead(404, { 'content-type': 'application/json' }).end(body);
  });
}
