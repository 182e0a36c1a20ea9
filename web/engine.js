// The engine: fetched, checked against the SHA-384 that the build wrote into confide.js, and
// only then instantiated, so that the integrity hashes of embed.html cover the wasm as well.
// The browser compiles it while it arrives, off the main thread where it can, and the hash is
// taken of the same bytes meanwhile. One engine serves every <confide-check> on the page.

import {nextTask} from './tasks.js';

let started = null;

/**
 * Starts fetching and compiling the engine, once; later calls return the same promise.
 * Resolves to {open, act, close} (strings in, strings out), rejects with a readable Error.
 */
export function startEngine(createEngine, wasmUrl, sha384) {
  started ??= instantiate(createEngine, wasmUrl, sha384);
  return started;
}

/** The promise startEngine made. */
export function engine() {
  return started ?? Promise.reject(new Error('the engine was not started'));
}

async function instantiate(createEngine, wasmUrl, sha384) {
  const checked = checkedModule(wasmUrl, sha384);
  checked.catch(() => {});  // reported through the engine's promise below
  // The glue is compiled and set up in a task of its own while the wasm is on its way; it
  // instantiates the module once its bytes matched.
  await nextTask();
  return new Promise((resolve, reject) => {
    createEngine({
      instantiateWasm(imports, done) {
        checked.then((module) => WebAssembly.instantiate(module, imports)).then(done, reject);
        return {};
      },
      onAbort: (what) => reject(new Error(`the engine stopped: ${what}`)),
      print() {},
      printErr() {},
    }).then((instance) => resolve(jsonApi(instance)), reject);
  });
}

/** The compiled module, once its bytes matched the SHA-384; rejects with a readable Error. */
async function checkedModule(wasmUrl, sha384) {
  let response;
  try {
    response = await fetch(wasmUrl, {credentials: 'same-origin'});
  } catch {
    throw new Error(`${wasmUrl} could not be fetched`);
  }
  if (!response.ok) throw new Error(`${wasmUrl} answered HTTP ${response.status}`);
  const type = response.headers.get('content-type');
  // Streaming compilation needs the wasm MIME type; anything else is read whole and refused
  // below with a message that says what came instead.
  const compiling = /^application\/wasm\b/i.test(type ?? '') && WebAssembly.compileStreaming
    ? WebAssembly.compileStreaming(response.clone()) : null;
  compiling?.catch(() => {});  // a refused module is reported once its bytes were looked at
  const bytes = await response.arrayBuffer();
  const magic = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
  if (String.fromCharCode(...magic) !== '\0asm') {
    throw new Error(`${wasmUrl} is not WebAssembly (${type})`);
  }
  if (!globalThis.crypto?.subtle) {
    throw new Error('the wasm hash cannot be checked: the page is not a secure context (https)');
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', bytes));
  if (btoa(String.fromCharCode(...digest)) !== sha384) {
    throw new Error(`${wasmUrl} does not match the SHA-384 that confide.js expects`);
  }
  // Compiling runs nothing; only a module whose bytes matched is instantiated.
  return compiling ?? WebAssembly.compile(bytes);
}

// The binding's buffers (src/wasm/bindings.cpp): each argument is written into the one the
// binding makes room for, the reply read where it says. HEAPU8 is read after each call into
// wasm, since any call may have grown the memory.
const OPEN_ARGUMENTS = 3;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function jsonApi(wasm) {
  const write = (index, text) => {
    const bytes = encoder.encode(text);
    wasm.HEAPU8.set(bytes, wasm.argument(index, bytes.length));
  };
  const read = (length) => {
    const at = wasm.reply();
    return decoder.decode(wasm.HEAPU8.subarray(at, at + length));
  };
  return {
    open(...texts) {
      for (let index = 0; index < OPEN_ARGUMENTS; index++) write(index, texts[index] ?? '');
      return read(wasm.open());
    },
    act(session, action) {
      write(0, action);
      return read(wasm.act(session));
    },
    close: (session) => wasm.close(session),
  };
}
