// The one place that knows which browser runs the suite. Tests speak to a small interface
// (below), so the same suite runs in every engine; each engine's driver lives in drivers/ and
// says through `can` what it cannot observe, so that a test checks that another way (and says
// so in its output) instead of passing quietly.
//
// Browser: {name, version, can: {requestEvents, protocolNetwork, accessibilityTree,
//           browserConsole, untouchedRoots}, newSession(options) -> Session, close()}
// (untouchedRoots: the driver reaches a closed shadow root through the browser's protocol,
// changing nothing in the page; where false, through a hook in the page, see webkit.mjs)
// Session options: {initScripts: [source], openShadowRoots: bool, colorScheme, reducedMotion,
//                   viewport: {width, height}}
// Session:
//   goto(url)                 load a page and wait for its load event
//   evaluate(fn, arg)         run fn(arg) in the page, return its (JSON) value
//   inShadow(index, fn, arg)  run fn(arg) with `this` = the shadow root of the index-th
//                             <confide-check>, even a closed one; null when it has none
//   addScript(source)         add a classic script to the page (CSP permitting)
//   press(key), type(text)    keyboard input to whatever has focus ('Shift+Tab', 'Space',
//                             'ControlOrMeta+A', ...)
//   requests                  requests the driver saw the page make [{url, method, time}]
//                             (where can.requestEvents)
//   protocolRequests          the same from the browser protocol's network log (where
//                             can.protocolNetwork)
//   consoleMessages           [{type, text}] logged by the page (console calls; messages the
//                             browser itself logs, such as CSP reports, where can.browserConsole)
//   pageErrors                uncaught errors in the page [message]
//   cookies()                 every cookie of the session
//   accessibilityTree()       [{role, name, backendNodeId, checked, focused}] (where `can`;
//                             roles and names as the engine's accessibility code computes them)
//   focusNode(backendNodeId)  focus a node found in the accessibility tree (where `can`)
//   close()
//
// launchBrowser(name, {server}) gets the test server too: a driver without an init-script API
// (WebKit's) has the server put its init scripts into the pages it serves (server.mjs).

/** The engines the suite runs in, in the order scripts/test runs them. */
export const engines = ['chromium', 'firefox', 'webkit'];

/** Forces every shadow root open, for the tests (an audit) that must look inside one. */
export const openShadowRootsScript = `(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, {...init, mode: 'open'});
  };
})();`;

/** 'Shift+Tab' -> {modifiers: ['Shift'], key: 'Tab'}; ControlOrMeta is Control off macOS. */
export function parseKey(combo) {
  const parts = combo.split('+');
  const key = parts.pop() || '+';
  const modifiers = parts.map((m) => (m === 'ControlOrMeta'
    ? (process.platform === 'darwin' ? 'Meta' : 'Control') : m));
  return {modifiers, key: key.length === 1 ? key.toLowerCase() : key};
}

/** Rejects when `promise` takes longer than `ms` (no engine may hang the suite). */
export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Runs `call(root)` on the cached handle of the index-th <confide-check>'s shadow root (from
 * `roots`, a Map kept per session; `resolveRoot(index)` finds it, or null when there is none).
 * `call` answers {value} or, when the handle no longer matches the element now at `index` (a
 * test replaced the widget, the page navigated), {stale: true}: the root is then found again,
 * once. Returns the value, or null when the element has no shadow root.
 */
export async function callInShadowRoot(roots, index, resolveRoot, call) {
  for (let attempt = 0; attempt < 2; attempt++) {
    let root = roots.get(index);
    if (!root) {
      root = await resolveRoot(index);
      if (!root) return null;
      roots.set(index, root);
    }
    const answer = await call(root);
    if (!answer?.stale) return answer.value;
    roots.delete(index);
  }
  throw new Error(`the shadow root of <confide-check> number ${index} keeps changing`);
}

/** The engine named by BROWSER (default chromium). */
export async function launchBrowser(name = process.env.BROWSER ?? 'chromium', {server} = {}) {
  if (!engines.includes(name)) {
    throw new Error(`BROWSER=${name}: no driver for it (engines: ${engines.join(', ')})`);
  }
  const driver = await import(`./drivers/${name}.mjs`);
  return driver.launch({server});
}
