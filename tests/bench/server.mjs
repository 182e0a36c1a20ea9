// The benchmark's server: 127.0.0.1 only, a free port. It serves the built bundle at /confide/
// (whatever build/wasm/dist/ holds), SurveyJS's files from node_modules at /sjs/, and the pages
// the benchmark writes. Files go out compressed as a publisher's server or CDN would send them:
// brotli -q 11 when the browser accepts it, otherwise gzip -9 (each computed once). Nothing is
// cacheable (no-store), so every load is cold. Every request is logged with the bytes sent.

import {createServer} from 'node:http';
import {readFile, stat} from 'node:fs/promises';
import {join, normalize, resolve, sep} from 'node:path';
import {brotliCompressSync, constants, gzipSync} from 'node:zlib';
import {brotliSize} from './payload.mjs';
import {contentType} from '../../scripts/serve.mjs';

export {STRICT_CSP} from '../../scripts/serve.mjs';

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|wasm)|image\/svg)/;

/** Starts the server. `mounts`: [[prefix, folder]]. Resolves to {origin, page, log, files, close}. */
export async function startBenchServer({mounts}) {
  const folders = mounts.map(([prefix, folder]) => [prefix, resolve(folder)])
    .sort((a, b) => b[0].length - a[0].length);
  const pages = new Map();
  const cache = new Map();  // path -> {raw, br, gz, type, brotliSize}
  const log = [];
  const sized = new Map();

  async function fileFor(path) {
    if (cache.has(path)) return cache.get(path);
    for (const [prefix, folder] of folders) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(folder, decodeURIComponent(path.slice(prefix.length))));
      if (!file.startsWith(folder + sep)) continue;
      try {
        if (!(await stat(file)).isFile()) continue;
      } catch {
        continue;
      }
      const raw = await readFile(file);
      const entry = {raw, type: contentType(file), file};
      cache.set(path, entry);
      return entry;
    }
    return null;
  }

  function encoded(entry, accept) {
    if (!COMPRESSIBLE.test(entry.type)) return {body: entry.raw, encoding: null};
    if (/\bbr\b/.test(accept)) {
      entry.br ??= brotliCompressSync(entry.raw, {params: {
        [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: entry.raw.length}});
      return {body: entry.br, encoding: 'br'};
    }
    if (/\bgzip\b/.test(accept)) {
      entry.gz ??= gzipSync(entry.raw, {level: 9});
      return {body: entry.gz, encoding: 'gzip'};
    }
    return {body: entry.raw, encoding: null};
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const record = {path: url.pathname, time: Date.now(), status: 0, bytes: 0, encoding: null,
                    accept: req.headers['accept-encoding'] ?? ''};
    log.push(record);
    const send = (status, headers, body, encoding = null) => {
      record.status = status;
      record.bytes = body.length;
      record.encoding = encoding;
      const all = {'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers};
      if (encoding) all['content-encoding'] = encoding;
      if (encoding) all.vary = 'accept-encoding';
      all['content-length'] = body.length;
      res.writeHead(status, all);
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      const page = pages.get(url.pathname);
      if (page) {
        const entry = {raw: Buffer.from(page.html), type: contentType('page.html')};
        const {body, encoding} = encoded(entry, record.accept);
        send(200, {'content-type': entry.type, ...page.headers}, body, encoding);
        return;
      }
      if (url.pathname === '/favicon.ico') {
        send(204, {}, Buffer.alloc(0));
        return;
      }
      const entry = await fileFor(url.pathname);
      if (!entry) {
        send(404, {'content-type': 'text/plain; charset=utf-8'}, Buffer.from('not found'));
        return;
      }
      const {body, encoding} = encoded(entry, record.accept);
      send(200, {'content-type': entry.type}, body, encoding);
    } catch (error) {
      send(500, {'content-type': 'text/plain; charset=utf-8'}, Buffer.from(String(error)));
    }
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  const origin = `http://127.0.0.1:${server.address().port}`;

  return {
    origin,
    log,
    /** Serves `html` at `path` (with extra headers, e.g. a CSP); returns its URL. */
    page(path, html, headers = {}) {
      pages.set(path, {html, headers});
      return origin + path;
    },
    /** Raw and brotli -q 11 bytes of what `path` serves (a page or a file), or null. */
    async sizes(path) {
      const page = pages.get(path);
      const raw = page ? Buffer.from(page.html) : (await fileFor(path))?.raw;
      if (!raw) return null;
      const key = `${path}\0${raw.length}`;
      if (!sized.has(key)) sized.set(key, {raw: raw.length, brotli: brotliSize(raw)});
      return sized.get(key);
    },
    close() {
      server.closeAllConnections?.();
      return new Promise((done) => server.close(done));
    },
  };
}
