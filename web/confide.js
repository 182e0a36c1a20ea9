// The entry of the shipped confide.js. scripts/assemble-dist.py puts the Emscripten glue in
// place of the first import, inlines the other modules and writes the wasm's SHA-384 below.
import createConfideEngine from './confide.mjs';
import {startEngine} from './engine.js';
import {ConfideCheck} from './confide-check.js';
import {nextTask} from './tasks.js';

const WASM_SHA384 = '@CONFIDE_WASM_SHA384@';

// Fetching the wasm starts now, before any element asks for it; each element reports a failure.
startEngine(createConfideEngine, new URL('confide.wasm', import.meta.url), WASM_SHA384)
  .catch(() => {});
// The elements are upgraded a task later: evaluating this script and drawing their boxes are
// not one long task.
nextTask().then(() => ConfideCheck.define());

export {ConfideCheck};
