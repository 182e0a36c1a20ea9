// The test server: static files from a few folders, pages the tests write, and overrides that
// answer a path with something else (a 404, an HTML error page, a tampered file, a delay). It
// logs every request it receives, which every engine can check, whatever its driver observes.
// For a driver without an init-script API (WebKit's), it also puts a session's init scripts
// into the HTML pages it serves that session (see `initScripts`).

import {randomUUID} from 'node:crypto';
import {createServer} from 'node:http';
import {readFile, stat} from 'node:fs/promises';
import {join, normalize, resolve, sep} from 'node:path';

// The demo server's policy and types, so that the tests serve exactly what publishers get.
export {STRICT_CSP as strictCsp, contentType} from '../../../scripts/serve.mjs';
import {contentType} from '../../../scripts/serve.mjs';

/**
 * Starts a server on 127.0.0.1 and a free port. `mounts` maps URL prefixes ('/confide/') to
 * folders. Resolves to an object with `origin`, `log`, `page`, `route`, `reset` and `close`.
 */
export async function startServer({mounts = []} = {}) {
  // [prefix, folder] pairs, tried longest prefix first, then in the order given.
  const folders = (Array.isArray(mounts) ? mounts : Object.entries(mounts))
    .map(([prefix, folder]) => [prefix.endsWith('/') ? prefix : `${prefix}/`, resolve(folder)])
    .sort((a, b) => b[0].length - a[0].length);
  const pages = new Map();
  const routes = new Map();
  const log = [];
  // Init scripts by session token; a page requested with ?confide-driver=TOKEN gets them.
  const injections = new Map();
  const driverPrefix = '/confide-driver/';

  /**
   * `html` with a blocking, same-origin script first in its head (so that it runs before any
   * of the page's scripts, and under the strict CSP too): the session's init scripts.
   */
  function inject(html, token) {
    const tag = `<script src="${driverPrefix}${token}.js"></script>`;
    const head = /<head\b[^>]*>/i.exec(html);
    if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
    const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
    return doctype ? doctype[0] + tag + html.slice(doctype[0].length) : tag + html;
  }

  /** The bytes and type of the file that `path` names in a mount, or null. */
  async function fileFor(path) {
    for (const [prefix, folder] of folders) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(folder, decodeURIComponent(path.slice(prefix.length))));
      if (!file.startsWith(folder + sep)) continue;
      try {
        if (!(await stat(file)).isFile()) continue;
        return {body: await readFile(file), type: contentType(file)};
      } catch {
        continue;
      }
    }
    return null;
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const entry = {method: req.method, path: url.pathname, search: url.search, time: Date.now(),
                   headers: {...req.headers}, status: 0};
    log.push(entry);
    const token = url.searchParams.get('confide-driver');
    const reply = (status, headers, body) => {
      entry.status = status;
      if (token && injections.has(token) && /^text\/html/.test(headers['content-type'] ?? '')) {
        body = inject(String(body), token);
      }
      res.writeHead(status, headers);
      res.end(body);
    };
    // Every answer is fresh, so that a request the page makes always reaches this log.
    const fresh = {'cache-control': 'no-store'};
    try {
      if (url.pathname.startsWith(driverPrefix)) {
        const source = injections.get(url.pathname.slice(driverPrefix.length).replace(/\.js$/, ''));
        entry.driver = true;
        if (source !== undefined) {
          reply(200, {...fresh, 'content-type': contentType('init.js')}, source);
          return;
        }
      }
      const route = routes.get(url.pathname);
      if (route) {
        if (route.delayMs) await new Promise((r) => setTimeout(r, route.delayMs));
        if (typeof route.handler === 'function') {
          const answer = await route.handler({url, req, fileFor});
          if (answer) {
            reply(answer.status ?? 200, {...fresh, ...answer.headers}, answer.body ?? '');
            return;
          }
        } else if (route.body !== undefined || route.status !== undefined) {
          reply(route.status ?? 200, {...fresh, ...route.headers}, route.body ?? '');
          return;
        }
      }
      const page = pages.get(url.pathname);
      if (page) {
        reply(200, {...fresh, 'content-type': contentType('page.html'), ...page.headers}, page.html);
        return;
      }
      if (url.pathname === '/favicon.ico') {
        reply(204, fresh, '');
        return;
      }
      const file = await fileFor(url.pathname);
      if (file) {
        reply(200, {...fresh, 'content-type': file.type, ...route?.headers}, file.body);
        return;
      }
      reply(404, {...fresh, 'content-type': contentType('reply.txt')}, 'not found');
    } catch (error) {
      reply(500, {...fresh, 'content-type': contentType('reply.txt')}, String(error));
    }
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  const origin = `http://127.0.0.1:${server.address().port}`;

  return {
    origin,
    log,
    /** Serves `html` at `path` with extra response headers (e.g. a CSP). */
    page(path, html, headers = {}) {
      pages.set(path, {html, headers});
      return origin + path;
    },
    /**
     * Answers `path` otherwise: {status, headers, body} as is, {handler} computing it (a
     * handler that returns nothing falls through to the file), {headers} added to the file,
     * {delayMs} before answering.
     */
    route(path, answer) {
      routes.set(path, answer);
    },
    /**
     * Registers a session's init scripts (one source, run in order before the page's own
     * scripts) and returns the query parameter that asks for them: `confide-driver=TOKEN`.
     * The script's request is in the log, marked `driver: true`.
     */
    initScripts(source) {
      const token = randomUUID();
      injections.set(token, source);
      return {param: 'confide-driver', token, forget: () => injections.delete(token)};
    },
    /** Requests received since `mark` (an index into the log). */
    since(mark) {
      return log.slice(mark);
    },
    /** Forgets the routes and pages tests added. */
    reset() {
      routes.clear();
      pages.clear();
    },
    close() {
      server.closeAllConnections?.();
      return new Promise((done) => server.close(done));
    },
  };
}
