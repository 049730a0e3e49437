import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { listen, type TestServer } from '../helpers/http.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Serves the files of `dir` on 127.0.0.1 (GET only, no directory listing, nothing outside `dir`). */
export function serveStatic(dir: string, extra: Readonly<Record<string, string>> = {}): Promise<TestServer> {
  return listen((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path in extra) {
      res.setHeader('content-type', TYPES[extname(path)] ?? 'text/plain');
      res.end(extra[path]);
      return;
    }
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir + sep)) {
      res.statusCode = 403;
      res.end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
        res.end(body);
      },
      () => {
        res.statusCode = 404;
        res.end('not found');
      },
    );
  });
}
