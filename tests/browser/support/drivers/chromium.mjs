// Chromium (Debian `chromium`) through playwright-core and the Chrome DevTools Protocol: page
// events for requests, the protocol's own network log, closed shadow roots reached through
// DOM.describeNode({pierce}), and the accessibility tree.

import {chromium} from 'playwright-core';
import {callInShadowRoot, openShadowRootsScript} from '../driver.mjs';

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Nothing outside the test server resolves, so a stray request can never leave the machine.
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'];

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: chromiumArgs,
  });
  return {
    name: 'chromium',
    version: browser.version(),
    can: {requestEvents: true, protocolNetwork: true, accessibilityTree: true,
          browserConsole: true, untouchedRoots: true},
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
      return callInShadowRoot(roots, index, resolveRoot, async (root) => {
        try {
          const {result, exceptionDetails} = await cdp.send('Runtime.callFunctionOn', {
            objectId: root, functionDeclaration: check,
            arguments: [{value: index}, {value: 0}, {value: arg}],
            returnByValue: true, awaitPromise: true,
          });
          if (exceptionDetails) {
            throw new Error(`in page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
          }
          return result.value;
        } catch (error) {
          if (!/Cannot find context|Could not find object|object with given id/i.test(String(error))) throw error;
          return {stale: true};
        }
      });
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
