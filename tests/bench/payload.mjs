#!/usr/bin/env node
// The payload budget, checked on every build (scripts/test): sizes are deterministic, so CI can
// hold them, unlike times.
//
//   node tests/bench/payload.mjs [DIST] [--ceiling BYTES]      (default DIST: build/wasm/dist)
//
// The widget is every script, wasm module and stylesheet at the top of DIST (today confide.js,
// confide.wasm and confide.css; content files and embed.html are not the widget). For each file
// it prints the raw bytes and the brotli size at quality 11 (what a publisher's server or CDN
// sends), then the total against the budget: at most 45,000 bytes brotli (45 KB, decimal, the
// strict reading of "45 KB") and at most 3 requests, one per file. It also fails if confide.js
// contains eval( or new Function, which a Content-Security-Policy without 'unsafe-eval' forbids.
// Exit 0 within budget, 1 over it or on a forbidden construct, 2 when DIST holds no widget.
//
// --ceiling BYTES is for CI while the budget is not met yet: a total over the budget is then
// reported as missed, and only a total over the ceiling (set to today's size) fails, so the
// payload can shrink but never grow unnoticed.

import {readdirSync, readFileSync, statSync} from 'node:fs';
import {extname, join, resolve} from 'node:path';
import {brotliCompressSync, constants} from 'node:zlib';

export const PAYLOAD_BUDGET_BYTES = 45000;
export const REQUEST_BUDGET = 3;
const WIDGET_EXTENSIONS = new Set(['.js', '.mjs', '.wasm', '.css']);
// Dynamic code: eval(...) (also `eval (`, and `window.eval(`), and new Function(...) in any spacing.
const FORBIDDEN = [
  {name: 'eval(', pattern: /(?<![\w$])eval\s*\(/g},
  {name: 'new Function', pattern: /\bnew\s+Function\b/g},
];

/** brotli -q 11 size of a buffer, with the window brotli's CLI uses for files this size. */
export function brotliSize(bytes) {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }).length;
}

/** The widget's files in `dist`: [{name, raw, brotli}], sorted by name. */
export function widgetFiles(dist) {
  return readdirSync(dist)
    .filter((name) => WIDGET_EXTENSIONS.has(extname(name).toLowerCase()))
    .filter((name) => statSync(join(dist, name)).isFile())
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dist, name));
      return {name, raw: bytes.length, brotli: brotliSize(bytes)};
    });
}

/** Each forbidden construct found in `source`: [{name, index, excerpt}]. */
export function dynamicCode(source) {
  const found = [];
  for (const {name, pattern} of FORBIDDEN) {
    for (const match of source.matchAll(pattern)) {
      const from = Math.max(0, match.index - 30);
      found.push({name, index: match.index,
                  excerpt: source.slice(from, match.index + 40).replace(/\s+/g, ' ')});
    }
  }
  return found;
}

function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--ceiling');
  let ceiling = null;
  if (at >= 0) {
    ceiling = Number(args[at + 1]);
    args.splice(at, 2);
    if (!Number.isInteger(ceiling) || ceiling < PAYLOAD_BUDGET_BYTES) {
      console.error(`payload: --ceiling takes a whole number of bytes of at least ${PAYLOAD_BUDGET_BYTES}`);
      process.exit(2);
    }
  }
  const dist = resolve(args[0] ?? 'build/wasm/dist');
  let files;
  try {
    files = widgetFiles(dist);
  } catch (error) {
    console.error(`payload: cannot read ${dist}: ${error.message}`);
    process.exit(2);
  }
  if (!files.some((file) => file.name === 'confide.js')) {
    console.error(`payload: ${dist} holds no confide.js: build the bundle first ` +
                  '(cmake --preset wasm && cmake --build --preset wasm)');
    process.exit(2);
  }
  const width = Math.max(...files.map((file) => file.name.length), 'total'.length);
  const row = (name, raw, brotli) =>
    `${name.padEnd(width)}  ${String(raw).padStart(9)}  ${String(brotli).padStart(9)}`;
  console.log(`${'file'.padEnd(width)}  ${'raw B'.padStart(9)}  ${'brotli B'.padStart(9)}`);
  for (const file of files) console.log(row(file.name, file.raw, file.brotli));
  const raw = files.reduce((sum, file) => sum + file.raw, 0);
  const brotli = files.reduce((sum, file) => sum + file.brotli, 0);
  console.log(row('total', raw, brotli));

  let failed = false;
  let bytesOk = brotli <= PAYLOAD_BUDGET_BYTES;
  console.log(`payload ${brotli} B brotli -q 11, budget ${PAYLOAD_BUDGET_BYTES} B: ` +
              (bytesOk ? 'pass' : `FAIL (${brotli - PAYLOAD_BUDGET_BYTES} B over)`));
  if (!bytesOk && ceiling !== null) {
    bytesOk = brotli <= ceiling;
    console.log(`the budget is not met yet; held at the ceiling of ${ceiling} B: ` +
                (bytesOk ? `pass (${ceiling - brotli} B below it)` :
                  `FAIL (${brotli - ceiling} B over: the payload grew)`));
  }
  const requestsOk = files.length <= REQUEST_BUDGET;
  console.log(`requests ${files.length} (one per file), budget ${REQUEST_BUDGET}: ` +
              (requestsOk ? 'pass' : 'FAIL'));
  failed ||= !bytesOk || !requestsOk;

  const found = dynamicCode(readFileSync(join(dist, 'confide.js'), 'utf8'));
  if (found.length) {
    for (const hit of found) {
      console.log(`confide.js:${hit.index}: ${hit.name}: …${hit.excerpt}…`);
    }
    console.log('dynamic code in confide.js: FAIL (a CSP without \'unsafe-eval\' blocks it)');
    failed = true;
  } else {
    console.log('no eval( or new Function in confide.js: pass');
  }
  process.exit(failed ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}` ||
    resolve(process.argv[1] ?? '') === new URL(import.meta.url).pathname) {
  main();
}
