// WebKit (Debian `webkit2gtk-driver`: WebKitWebDriver driving WebKitGTK's MiniBrowser) through
// selenium-webdriver's plain W3C WebDriver client. MiniBrowser has no headless mode, so the
// driver starts its own Xvfb; every command is guarded by a timeout, since a browser without
// a display hangs rather than fails.
//
// Classic WebDriver has no request events, no network log, no console or error events, no
// accessibility tree and no init-script API, and it cannot reach a closed shadow root (it
// answers "no such shadow root"). So the test server puts one same-origin script first in
// every page it serves this session (server.mjs `initScripts`): the session's init scripts,
// behind a small hook that
//   - notes each shadow root as attachShadow creates it (the root stays closed: the page and
//     its host scripts see `shadowRoot === null`), for inShadow only, under a random,
//     non-enumerable name that no host script is given;
//   - records uncaught errors, unhandled rejections and console calls, which every call
//     through this driver collects (pageErrors, consoleMessages).
// Requests are checked where every engine can check them: the server's log, resource timing,
// the page's CSP violation events (see privacy.test.mjs).

import {spawn} from 'node:child_process';
import {randomUUID} from 'node:crypto';
import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Capabilities, Key, WebDriver} from 'selenium-webdriver';
import remote from 'selenium-webdriver/remote/index.js';
import webdriverHttp from 'selenium-webdriver/http/index.js';
import {parseKey, withTimeout} from '../driver.mjs';

// Given explicitly, so that Selenium Manager never looks for (or downloads) a driver.
const driverPath = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
const browserPath = process.env.WEBKIT_BROWSER ??
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const commandTimeout = 30000;

/** Starts Xvfb on a free display; resolves to {display, stop}. */
async function startXvfb() {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1920x2400x24', '-nolisten',
                              'tcp', '-noreset'], {stdio: ['ignore', 'ignore', 'pipe', 'pipe']});
  let stderr = '';
  xvfb.stderr.on('data', (chunk) => { stderr += chunk; });
  const display = await withTimeout(new Promise((resolve, reject) => {
    let out = '';
    xvfb.stdio[3].on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${stderr}`)));
    xvfb.on('error', reject);
  }), 15000, 'starting Xvfb');
  const stop = () => { if (xvfb.exitCode === null) xvfb.kill(); };
  leftovers.add(stop);
  return {display, stop};
}

// What must not outlive this process, even when a time limit ends it: Xvfb and the drivers
// (each WebKitWebDriver takes its MiniBrowser along).
const leftovers = new Set();
process.once('exit', () => { for (const stop of leftovers) stop(); });
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => process.exit(128 + (signal === 'SIGTERM' ? 15 : 2)));
}

/**
 * Starts Xvfb and answers for WebKit; each session is a WebKitWebDriver with its own
 * MiniBrowser (a fresh, ephemeral profile). `version` is the WebKitGTK version the driver's
 * capabilities name.
 */
export async function launch({server} = {}) {
  if (!server) throw new Error('the WebKit driver needs the test server (launchBrowser(name, {server}))');
  const xvfb = await startXvfb();
  const sessions = new Set();
  const key = `__confideDriver_${randomUUID().replaceAll('-', '')}`;
  let version = 'unknown';
  const browser = {
    name: 'webkit',
    get version() { return version; },
    can: {requestEvents: false, protocolNetwork: false, accessibilityTree: true,
          browserConsole: false, untouchedRoots: false},
    async newSession(options = {}) {
      const session = await newWebKitSession({server, display: xvfb.display, key, options});
      version = session.version;
      sessions.add(session);
      const close = session.close;
      session.close = async () => {
        sessions.delete(session);
        await close();
      };
      return session;
    },
    async close() {
      await Promise.allSettled([...sessions].map((s) => s.close()));
      xvfb.stop();
    },
  };
  // One session up front: it proves the engine starts, and gives the version.
  const probe = await browser.newSession();
  await probe.close();
  return browser;
}

/** The page-side hook, first of the session's init scripts (see the top of this file). */
function hookScript(key, openShadowRoots) {
  return `(() => {
  document.currentScript?.remove();
  const url = new URL(location.href);
  if (url.searchParams.has('confide-driver')) {
    url.searchParams.delete('confide-driver');
    history.replaceState(history.state, '', url.href);
  }
  const roots = new WeakMap();
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, ${openShadowRoots ? "{...init, mode: 'open'}" : 'init'});
    roots.set(this, root);
    return root;
  };
  const errors = [];
  const messages = [];
  addEventListener('error', (event) => {
    if (event instanceof ErrorEvent) errors.push(String(event.message).replace(/^Error: /, ''));
  }, true);
  addEventListener('unhandledrejection', (event) => {
    errors.push(String(event.reason?.message ?? event.reason));
  });
  for (const [method, type] of [['log', 'log'], ['info', 'info'], ['warn', 'warning'],
                                ['error', 'error'], ['debug', 'debug']]) {
    const original = console[method];
    console[method] = function (...args) {
      messages.push({type, text: args.map(String).join(' ')});
      return original.apply(this, args);
    };
  }
  Object.defineProperty(window, ${JSON.stringify(key)}, {value: Object.freeze({
    root: (host) => roots.get(host) ?? null,
    drain: () => ({errors: errors.splice(0), messages: messages.splice(0)}),
  })});
})();`;
}

const keyNames = {Tab: Key.TAB, Shift: Key.SHIFT, Control: Key.CONTROL, Meta: Key.META,
  Alt: Key.ALT, Enter: Key.ENTER, Space: Key.SPACE, Backspace: Key.BACK_SPACE,
  Delete: Key.DELETE, Escape: Key.ESCAPE, Home: Key.HOME, End: Key.END,
  ArrowDown: Key.ARROW_DOWN, ArrowUp: Key.ARROW_UP, ArrowLeft: Key.ARROW_LEFT,
  ArrowRight: Key.ARROW_RIGHT, PageDown: Key.PAGE_DOWN, PageUp: Key.PAGE_UP};
const webdriverKey = (name) => {
  if (keyNames[name]) return keyNames[name];
  if ([...name].length === 1) return name;
  throw new Error(`the WebKit driver knows no key ${name}`);
};

/** GTK settings for MiniBrowser: WebKitGTK takes prefers-color-scheme and -reduced-motion from them. */
async function gtkConfig({colorScheme = 'light', reducedMotion = 'no-preference'}) {
  const home = await mkdtemp(join(tmpdir(), 'confide-webkit-'));
  await mkdir(join(home, 'gtk-3.0'), {recursive: true});
  await writeFile(join(home, 'gtk-3.0', 'settings.ini'), '[Settings]\n' +
    `gtk-application-prefer-dark-theme=${colorScheme === 'dark' ? 1 : 0}\n` +
    `gtk-enable-animations=${reducedMotion === 'reduce' ? 0 : 1}\n`);
  return home;
}

async function newWebKitSession({server, display, key, options}) {
  const configHome = await gtkConfig(options);
  const service = new remote.DriverService.Builder(driverPath).setLoopback(true)
    .setEnvironment({...process.env, DISPLAY: display, XDG_CONFIG_HOME: configHome,
                     GTK_THEME: options.colorScheme === 'dark' ? 'Adwaita:dark' : 'Adwaita'})
    .build();
  const executor = new webdriverHttp.Executor(
    service.start(commandTimeout).then((url) => new webdriverHttp.HttpClient(url)));
  // The driver's process, to stop it synchronously on exit (a killed MiniBrowser's display,
  // the Xvfb, goes too).
  let command = null;
  service.command_?.then((c) => { command = c; }, () => {});
  const capabilities = new Capabilities({
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': {binary: browserPath, args: ['--automation']},
  });
  const stopService = () => { command?.kill('SIGTERM'); };
  leftovers.add(stopService);
  const driver = WebDriver.createSession(executor, capabilities, () => {
    leftovers.delete(stopService);
    return service.kill();
  });
  const guard = (promise, what) => withTimeout(promise, commandTimeout, `WebKit ${what}`);
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await guard(driver.quit(), 'quit').catch(() => service.kill());
    await rm(configHome, {recursive: true, force: true});
  };
  let version;
  let init;
  try {
    const caps = await guard(driver.getCapabilities(), 'new session');
    version = caps.get('browserVersion') ?? 'unknown';
    const sources = [hookScript(key, !!options.openShadowRoots), ...(options.initScripts ?? [])];
    init = server.initScripts(sources.map((s) => `try {\n${s}\n} catch (error) {\n` +
      '  setTimeout(() => { throw error; });\n}').join('\n'));
    // The viewport the tests ask for: the window's size less what MiniBrowser draws around it.
    const viewport = options.viewport ?? {width: 1000, height: 800};
    const window = driver.manage().window();
    await guard(window.setRect({x: 0, y: 0, ...viewport}), 'window size');
    for (let attempt = 0; attempt < 3; attempt++) {
      const [width, height] = await guard(driver.executeScript(
        'return [innerWidth, innerHeight]'), 'viewport');
      if (width === viewport.width && height === viewport.height) break;
      const rect = await guard(window.getRect(), 'window size');
      await guard(window.setRect({width: rect.width + viewport.width - width,
                                  height: rect.height + viewport.height - height}), 'window size');
    }
  } catch (error) {
    await release();
    throw error;
  }

  const requests = [];
  const protocolRequests = [];
  const pageErrors = [];
  const consoleMessages = [];
  const nodes = new Map();  // accessibility-tree ids -> WebDriver elements

  /** Runs `fnSource` (a function of the JSON-parsed `args`) in the page; collects the hook's records. */
  async function call(fnSource, args, what) {
    const script = `const hook = window[${JSON.stringify(key)}];
      const drained = () => hook ? hook.drain() : null;
      return Promise.resolve().then(() => (${fnSource})(...JSON.parse(arguments[0])))
        .then((value) => JSON.stringify({value: value === undefined ? null : value, drained: drained()}),
              (error) => JSON.stringify({error: String(error && error.message || error), drained: drained()}));`;
    const text = await guard(driver.executeScript(script, JSON.stringify(args)), what);
    const answer = JSON.parse(text);
    if (answer.drained) {
      pageErrors.push(...answer.drained.errors);
      consoleMessages.push(...answer.drained.messages);
    }
    if (answer.error !== undefined) throw new Error(`in page: ${answer.error}`);
    return answer.value;
  }

  async function keys(sequence, what) {
    const actions = driver.actions({async: true});
    for (const [kind, value] of sequence) {
      if (kind === 'down') actions.keyDown(value);
      else actions.keyUp(value);
    }
    await guard(actions.perform(), what);
  }

  return {
    driver,
    version,
    requests,
    protocolRequests,
    pageErrors,
    consoleMessages,
    async goto(url) {
      const target = new URL(url);
      if (target.origin === server.origin) target.searchParams.set(init.param, init.token);
      await guard(driver.get(target.href), `loading ${url}`);
      await call('() => null', [], 'after load');
    },
    evaluate(fn, arg) {
      return call(`(arg) => (${String(fn)})(arg)`, [arg ?? null], 'evaluate');
    },
    inShadow(index, fn, arg) {
      return call(`(index, arg) => {
        const host = document.querySelectorAll('confide-check')[index];
        if (!host) throw new Error('there is no <confide-check> number ' + index);
        const root = (hook && hook.root(host)) || host.shadowRoot;
        if (!root) return null;
        return (${String(fn)}).call(root, arg);
      }`, [index, arg ?? null], 'inShadow');
    },
    addScript(source) {
      return call(`(source) => {
        const script = document.createElement('script');
        script.textContent = source;
        document.head.append(script);
      }`, [source], 'addScript');
    },
    press(combo) {
      const {modifiers, key: name} = parseKey(combo);
      const mods = modifiers.map(webdriverKey);
      const keyValue = webdriverKey(name);
      return keys([...mods.map((m) => ['down', m]), ['down', keyValue], ['up', keyValue],
                   ...mods.reverse().map((m) => ['up', m])], `press ${combo}`);
    },
    type(text) {
      return keys([...text].flatMap((c) => [['down', c], ['up', c]]), 'type');
    },
    cookies() {
      return guard(driver.manage().getCookies(), 'cookies');
    },
    async accessibilityTree() {
      // Every element of the page and of the roots the hook noted; each one's role and name
      // as WebKit's accessibility engine computes them (WebDriver's Get Computed Role and
      // Label); checked and focused from the DOM.
      const listing = await guard(driver.executeScript(`
        const hook = window[${JSON.stringify(key)}];
        const out = [];
        const visit = (root) => {
          const active = (root.getRootNode ? root.getRootNode() : root).activeElement;
          for (const element of root.querySelectorAll('*')) {
            out.push([element, element.localName === 'input' ? element.checked : undefined,
                      element === active && !(hook && hook.root(element))]);
            const inner = hook && hook.root(element);
            if (inner) visit(inner);
          }
        };
        visit(document.body);
        return out;`), 'accessibility listing');
      nodes.clear();
      const tree = [];
      for (const [element, checked, focused] of listing) {
        // An element WebKit keeps out of the tree (hidden, a <style>) has no role or label.
        const [role, name] = await Promise.all([
          guard(element.getAriaRole(), 'computed role').catch(() => ''),
          guard(element.getAccessibleName(), 'computed label').catch(() => '')]);
        if (!role || role === 'none' || role === 'presentation' || role === 'generic') continue;
        const id = nodes.size + 1;
        nodes.set(id, element);
        tree.push({role, name: name.replace(/\s+/g, ' ').trim(), backendNodeId: id,
                   checked: checked === undefined ? undefined : checked, focused});
      }
      return tree;
    },
    async focusNode(id) {
      const element = nodes.get(id);
      if (!element) throw new Error(`no node ${id} in the last accessibility tree`);
      await guard(driver.executeScript('arguments[0].focus()', element), 'focus');
    },
    async close() {
      init?.forget();
      await release();
    },
  };
}
