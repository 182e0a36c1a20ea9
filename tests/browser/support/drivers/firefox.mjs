// Firefox (Debian `firefox-esr`) through puppeteer-core and WebDriver BiDi (no geckodriver):
// page events for requests, BiDi's own network log (network.beforeRequestSent), preload
// scripts, and closed shadow roots reached through BiDi's serialization
// (includeShadowTree: 'all'), as Chromium's driver reaches them through the DevTools protocol.
// BiDi has no accessibility tree and no colour-scheme emulation: the scheme is a preference,
// so a session in another scheme gets a Firefox of its own.

import puppeteer from 'puppeteer-core';
import {callInShadowRoot, openShadowRootsScript, parseKey, withTimeout} from '../driver.mjs';

const executablePath = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

// No background connection of any kind: remote settings point at a data: URL, and
// MOZ_DISABLE_NONLOCAL_CONNECTIONS makes any other non-local connection fail.
const basePrefs = {
  'services.settings.server': 'data:,#remote-settings-disabled',
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'app.update.disabledForTesting': true,
};

function prefsFor({colorScheme = 'light', reducedMotion = 'no-preference'}) {
  // 0 dark, 1 light; reduced motion 1 = reduce.
  return {...basePrefs,
          'layout.css.prefers-color-scheme.content-override': colorScheme === 'dark' ? 0 : 1,
          'ui.prefersReducedMotion': reducedMotion === 'reduce' ? 1 : 0};
}

export async function launch() {
  const instances = new Map();
  const start = (options = {}) => {
    const key = `${options.colorScheme ?? 'light'}/${options.reducedMotion ?? 'no-preference'}`;
    if (!instances.has(key)) {
      instances.set(key, withTimeout(puppeteer.launch({
        browser: 'firefox', executablePath, headless: true,
        extraPrefsFirefox: prefsFor(options),
        env: {...process.env, MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1'},
      }), 60000, 'launching Firefox'));
    }
    return instances.get(key);
  };
  const first = await start();
  return {
    name: 'firefox',
    version: (await first.version()).replace(/^firefox\//i, ''),
    can: {requestEvents: true, protocolNetwork: true, accessibilityTree: false,
          browserConsole: true, untouchedRoots: true},
    newSession: async (options = {}) => newFirefoxSession(await start(options), options),
    close: async () => {
      await Promise.allSettled([...instances.values()].map(async (b) => (await b).close()));
    },
  };
}

const staleError = /no such node|no such frame|no such handle|stale|detached|discarded|context.*(destroyed|not found)/i;

async function newFirefoxSession(browser, options = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const viewport = options.viewport ?? {width: 1000, height: 800};
  await page.setViewport(viewport);
  if (options.openShadowRoots) await page.evaluateOnNewDocument(openShadowRootsScript);
  for (const source of options.initScripts ?? []) await page.evaluateOnNewDocument(source);

  const connection = browser.connection;
  const contextId = page.mainFrame()._id;
  const requests = [];
  const protocolRequests = [];
  const pageErrors = [];
  const consoleMessages = [];
  // A load from the browser's own cache (an image the page already has) is reported as a
  // request too: marked fromCache once it is answered, as nothing reached the network.
  const requestEntries = new WeakMap();
  page.on('request', (request) => {
    const entry = {url: request.url(), method: request.method(), time: Date.now()};
    requestEntries.set(request, entry);
    requests.push(entry);
  });
  page.on('requestfinished', (request) => {
    const entry = requestEntries.get(request);
    if (entry && request.response()?.fromCache()) entry.fromCache = true;
  });
  // BiDi logs the browser's own messages (a CSP report) as 'javascript' entries, which
  // puppeteer hands on as page errors: those go with the console messages instead.
  page.on('pageerror', (error) => {
    const text = String(error?.message ?? error);
    if (/^Content-Security-Policy: /.test(text)) consoleMessages.push({type: 'error', text});
    else pageErrors.push(text);
  });
  page.on('console', (message) => {
    consoleMessages.push({type: message.type(), text: message.text()});
  });
  // BiDi's own network log, for this tab (a beacon, a preflight, a worker's fetch included).
  const onRequest = (event) => {
    if (event.context !== contextId) return;
    protocolRequests.push({url: event.request.url, method: event.request.method,
                           type: event.initiator?.type ?? null, time: Date.now()});
  };
  connection.on('network.beforeRequestSent', onRequest);

  const send = (method, params) => withTimeout(connection.send(method, params), 30000, method);
  const roots = new Map();
  async function resolveRoot(index) {
    const {result} = await send('script.evaluate', {
      expression: `document.querySelectorAll('confide-check')[${Number(index)}] ?? null`,
      target: {context: contextId}, awaitPromise: false, resultOwnership: 'none',
      serializationOptions: {includeShadowTree: 'all', maxDomDepth: 1},
    });
    if (result.type === 'exception') throw new Error(`in page: ${result.exceptionDetails.text}`);
    if (result.result.type !== 'node') throw new Error(`there is no <confide-check> number ${index}`);
    return result.result.value.shadowRoot?.sharedId ?? null;
  }

  return {
    page,
    requests,
    protocolRequests,
    pageErrors,
    consoleMessages,
    async goto(url) {
      roots.clear();
      await page.goto(url, {waitUntil: 'load', timeout: 30000});
    },
    evaluate(fn, arg) {
      return page.evaluate(fn, arg);
    },
    async inShadow(index, fn, arg) {
      // Values cross as JSON text, as Chromium's driver returns them by value.
      const check = `function (index, arg) {
        if (this.host !== document.querySelectorAll('confide-check')[index]) return '{"stale":true}';
        return Promise.resolve((${String(fn)}).call(this, JSON.parse(arg)))
          .then((value) => JSON.stringify({value: value === undefined ? null : value}));
      }`;
      return callInShadowRoot(roots, index, resolveRoot, async (root) => {
        try {
          const {result} = await send('script.callFunction', {
            functionDeclaration: check, this: {sharedId: root},
            arguments: [{type: 'number', value: index},
                        {type: 'string', value: JSON.stringify(arg ?? null)}],
            target: {context: contextId}, awaitPromise: true, resultOwnership: 'none',
          });
          if (result.type === 'exception') {
            throw new Error(`in page: ${result.exceptionDetails.text}`);
          }
          return JSON.parse(result.result.value);
        } catch (error) {
          if (!staleError.test(String(error))) throw error;
          return {stale: true};
        }
      });
    },
    async addScript(source) {
      await page.addScriptTag({content: source});
    },
    async press(combo) {
      const {modifiers, key} = parseKey(combo);
      for (const modifier of modifiers) await page.keyboard.down(modifier);
      // Puppeteer names the space bar by its character.
      await page.keyboard.press(key === 'Space' ? ' ' : key);
      for (const modifier of modifiers.reverse()) await page.keyboard.up(modifier);
    },
    type(text) {
      return page.keyboard.type(text);
    },
    cookies() {
      return context.cookies();
    },
    async accessibilityTree() {
      throw new Error('WebDriver BiDi gives no accessibility tree (can.accessibilityTree)');
    },
    async focusNode() {
      throw new Error('WebDriver BiDi gives no accessibility tree (can.accessibilityTree)');
    },
    async close() {
      connection.off('network.beforeRequestSent', onRequest);
      await context.close();
    },
  };
}
