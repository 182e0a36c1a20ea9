// The one place that knows which browser runs the suite. Tests speak to a small interface
// (below) so that the same suite can run in other engines: a driver for Firefox or WebKit only
// has to provide the same session methods, and says through `can` what it cannot observe.
//
// Browser: {name, version, can: {requestEvents, protocolNetwork, accessibilityTree},
//           newSession(options) -> Session, close()}
// Session options: {initScripts: [source], openShadowRoots: bool, colorScheme, reducedMotion}
// Session:
//   goto(url)                 load a page and wait for its load event
//   evaluate(fn, arg)         run fn(arg) in the page, return its (JSON) value
//   inShadow(index, fn, arg)  run fn(arg) with `this` = the shadow root of the index-th
//                             <confide-check>, even a closed one; null when it has none
//   addScript(source)         add a classic script to the page (CSP permitting)
//   press(key), type(text)    keyboard input to whatever has focus
//   requests                  requests the driver saw the page make [{url, method, time}]
//                             (where can.requestEvents)
//   protocolRequests          the same from the browser protocol's network log (where
//                             can.protocolNetwork)
//   consoleMessages           [{type, text}] logged by the page
//   pageErrors                uncaught errors in the page [message]
//   cookies()                 every cookie of the session
//   accessibilityTree()       [{role, name, backendNodeId, checked, focused}] (where `can`)
//   focusNode(backendNodeId)  focus a node found in the accessibility tree (where `can`)
//   close()

import {chromium} from 'playwright-core';

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Nothing outside the test server resolves, so a stray request can never leave the machine.
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'];

/** Forces every shadow root open, for the tests (an audit) that must look inside one. */
export const openShadowRootsScript = `(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, {...init, mode: 'open'});
  };
})();`;

/** The engine named by BROWSER (default chromium). */
export async function launchBrowser(name = process.env.BROWSER ?? 'chromium') {
  if (name === 'chromium') return launchChromium();
  throw new Error(`no driver for ${name} yet: only chromium is implemented`);
}

async function launchChromium() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: chromiumArgs,
  });
  return {
    name: 'chromium',
    version: browser.version(),
    can: {requestEvents: true, protocolNetwork: true, accessibilityTree: true},
    newSession: (options) => newChromiumSession(browser, options),
    close: () => browser.close(),
  };
}

async function newChromiumSession(browser, options = {}) {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: options.reducedMotion ?? 'no-preference',
    viewport: options.viewport ?? {width: 1000, height: 800},
  });
  if (options.openShadowRoots) await context.addInitScript(openShadowRootsScript);
  for (const source of options.initScripts ?? []) await context.addInitScript(source);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const requests = [];
  const protocolRequests = [];
  const pageErrors = [];
  const consoleMessages = [];
  page.on('request', (request) => {
    requests.push({url: request.url(), method: request.method(), time: Date.now()});
  });
  page.on('pageerror', (error) => pageErrors.push(String(error?.message ?? error)));
  page.on('console', (message) => {
    consoleMessages.push({type: message.type(), text: message.text()});
  });
  // The protocol's own view of the network sees what page events might not (a beacon, a
  // preflight, a WebSocket, a service worker's fetch).
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (event) => {
    protocolRequests.push({url: event.request.url, method: event.request.method,
                           type: event.type, time: Date.now()});
  });
  cdp.on('Network.webSocketCreated', (event) => {
    protocolRequests.push({url: event.url, method: 'WEBSOCKET', type: 'WebSocket',
                           time: Date.now()});
  });

  // Shadow roots by widget index: protocol handles, valid until the page or the widget changes.
  const roots = new Map();
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) roots.clear();
  });
  async function resolveRoot(index) {
    const {result} = await cdp.send('Runtime.evaluate', {
      expression: `document.querySelectorAll('confide-check')[${Number(index)}] ?? null`,
      objectGroup: 'confide-roots',
    });
    if (!result.objectId) throw new Error(`there is no <confide-check> number ${index}`);
    const {node} = await cdp.send('DOM.describeNode',
                                  {objectId: result.objectId, depth: 1, pierce: true});
    await cdp.send('Runtime.releaseObject', {objectId: result.objectId}).catch(() => {});
    const shadow = node.shadowRoots?.[0];
    if (!shadow) return null;
    const {object} = await cdp.send('DOM.resolveNode',
                                    {backendNodeId: shadow.backendNodeId, objectGroup: 'confide-roots'});
    return object.objectId;
  }

  return {
    page,
    cdp,
    requests,
    protocolRequests,
    pageErrors,
    consoleMessages,
    async goto(url) {
      await page.goto(url, {waitUntil: 'load'});
    },
    evaluate(fn, arg) {
      return page.evaluate(fn, arg);
    },
    async inShadow(index, fn, arg) {
      // The root's handle is kept between calls and checked against the element now at
      // `index`, so that a test that replaces the widget gets the new one.
      const check = `function (index, call, arg) {
        if (this.host !== document.querySelectorAll('confide-check')[index]) return {stale: true};
        return Promise.resolve((${String(fn)}).call(this, arg)).then((value) => ({value}));
      }`;
      for (let attempt = 0; attempt < 2; attempt++) {
        let root = roots.get(index);
        if (!root) {
          root = await resolveRoot(index);
          if (!root) return null;
          roots.set(index, root);
        }
        let answer;
        try {
          const {result, exceptionDetails} = await cdp.send('Runtime.callFunctionOn', {
            objectId: root, functionDeclaration: check,
            arguments: [{value: index}, {value: 0}, {value: arg}],
            returnByValue: true, awaitPromise: true,
          });
          if (exceptionDetails) {
            throw new Error(`in page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
          }
          answer = result.value;
        } catch (error) {
          if (!/Cannot find context|Could not find object|object with given id/i.test(String(error))) throw error;
          answer = {stale: true};
        }
        if (!answer?.stale) return answer.value;
        roots.delete(index);
      }
      throw new Error(`the shadow root of <confide-check> number ${index} keeps changing`);
    },
    async addScript(source) {
      await page.addScriptTag({content: source});
    },
    press(key) {
      return page.keyboard.press(key);
    },
    type(text) {
      return page.keyboard.type(text);
    },
    cookies() {
      return context.cookies();
    },
    async accessibilityTree() {
      const {nodes} = await cdp.send('Accessibility.getFullAXTree');
      const property = (node, name) => node.properties?.find((p) => p.name === name)?.value?.value;
      return nodes.filter((node) => !node.ignored).map((node) => ({
        role: node.role?.value ?? '',
        name: node.name?.value ?? '',
        backendNodeId: node.backendDOMNodeId,
        checked: property(node, 'checked'),
        focused: property(node, 'focused') === true,
        level: property(node, 'level'),
        nodeId: node.nodeId,
        childIds: node.childIds ?? [],
        parentId: node.parentId,
      }));
    },
    async focusNode(backendNodeId) {
      await cdp.send('DOM.focus', {backendNodeId});
    },
    async close() {
      await context.close();
    },
  };
}
