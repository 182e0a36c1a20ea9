#!/usr/bin/env node
// Serves the demo: /confide/ from build/wasm/dist/ (what a publisher copies), everything else
// from web/demo/. Only 127.0.0.1, only GET and HEAD, only files inside those two folders.
//   node scripts/serve.mjs [--port N] [--csp]
// --csp sends the strict Content-Security-Policy that the widget must work under.
import {createServer} from 'node:http';
import {readFile, stat} from 'node:fs/promises';
import {extname, join, normalize, resolve, sep} from 'node:path';
import {fileURLToPath} from 'node:url';

export const STRICT_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; " +
  "style-src 'self'; connect-src 'self'; img-src 'self'";

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Content-Type a served file gets, by its extension. */
export function contentType(path) {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Maps a URL path to a file under one of the served folders, or null. */
function fileFor(pathname, mounts) {
  for (const [prefix, folder] of mounts) {
    if (!pathname.startsWith(prefix)) continue;
    const relative = normalize(decodeURIComponent(pathname.slice(prefix.length)));
    const file = resolve(folder, `.${sep}${relative}`);
    return file === folder || file.startsWith(folder + sep) ? file : null;
  }
  return null;
}

/** Starts the server; resolves to the http.Server once it listens. */
export function serve({port = 8080, host = '127.0.0.1', csp = false,
                       dist = join(root, 'build/wasm/dist'),
                       demo = join(root, 'web/demo')} = {}) {
  const mounts = [['/confide/', resolve(dist)], ['/', resolve(demo)]];
  const server = createServer(async (request, response) => {
    const headers = {'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff'};
    if (csp) headers['Content-Security-Policy'] = STRICT_CSP;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, headers).end();
      return;
    }
    let pathname;
    try {
      pathname = new URL(request.url, 'http://localhost').pathname;
      if (pathname.endsWith('/')) pathname += 'index.html';
      let file = fileFor(pathname, mounts);
      if (file && (await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file ?? '');
      headers['Content-Type'] = contentType(file);
      response.writeHead(200, headers).end(request.method === 'HEAD' ? undefined : body);
    } catch {
      headers['Content-Type'] = 'text/html; charset=utf-8';
      response.writeHead(404, headers).end('<!doctype html><title>Not found</title><h1>Not found</h1>');
    }
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const portAt = args.indexOf('--port');
  const port = Number(portAt >= 0 ? args[portAt + 1] : process.env.PORT ?? 8080);
  const csp = args.includes('--csp');
  const server = await serve({port, csp});
  const {port: listening} = server.address();
  console.log(`Confide demo on http://127.0.0.1:${listening}/${csp ? ' (strict CSP)' : ''}`);
}
