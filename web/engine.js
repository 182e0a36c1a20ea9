// The engine: fetched, checked against the SHA-384 that the build wrote into confide.js, and
// only then instantiated, so that the integrity hashes of embed.html cover the wasm as well.
// One engine serves every <confide-check> on the page.

let started = null;

/**
 * Starts fetching and compiling the engine, once; later calls return the same promise.
 * Resolves to {open, act, close} (the Embind functions), rejects with a readable Error.
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
  let response;
  try {
    response = await fetch(wasmUrl, {credentials: 'same-origin'});
  } catch {
    throw new Error(`${wasmUrl} could not be fetched`);
  }
  if (!response.ok) throw new Error(`${wasmUrl} answered HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  const magic = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
  if (String.fromCharCode(...magic) !== '\0asm') {
    throw new Error(`${wasmUrl} is not WebAssembly (${response.headers.get('content-type')})`);
  }
  if (!globalThis.crypto?.subtle) {
    throw new Error('the wasm hash cannot be checked: the page is not a secure context (https)');
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', bytes));
  if (btoa(String.fromCharCode(...digest)) !== sha384) {
    throw new Error(`${wasmUrl} does not match the SHA-384 that confide.js expects`);
  }
  return new Promise((resolve, reject) => {
    createEngine({
      instantiateWasm(imports, done) {
        WebAssembly.instantiate(bytes, imports).then((result) => done(result.instance), reject);
        return {};
      },
      onAbort: (what) => reject(new Error(`the engine stopped: ${what}`)),
      print() {},
      printErr() {},
    }).then((module) => resolve({open: module.open, act: module.act, close: module.close}),
            reject);
  });
}
