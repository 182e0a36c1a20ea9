// What every browser-test file shares: one browser and one server per file, a fresh session
// per test, the host article the widget is inserted into (and cleared from), the events it
// fires, and a closing summary line per file.

import {existsSync} from 'node:fs';
import {basename} from 'node:path';
import {fileURLToPath} from 'node:url';
import {launchBrowser} from './driver.mjs';
import {dist, fixtures, repo} from './content.mjs';
import {startServer} from './server.mjs';

/** The mounts of the test server: the built bundle (with its content) as a publisher has it. */
export const mounts = [
  ['/confide/', dist],
  ['/fixtures/', fixtures],
  // The demo's pages, where scripts/serve.mjs puts them.
  ['/', `${repo}/web/demo`],
];

/** Records the widget's events for the tests (a test's own instrument, not a host script). */
export const eventRecorder = `(() => {
  const events = [];
  Object.defineProperty(window, '__confideEvents', {value: events});
  const widgets = () => [...document.querySelectorAll('confide-check')];
  for (const type of ['confide-ready', 'confide-start', 'confide-complete', 'confide-error']) {
    document.addEventListener(type, (event) => {
      events.push({type, bubbles: event.bubbles, composed: event.composed,
                   detail: JSON.stringify(event.detail ?? null),
                   target: event.target.localName, index: widgets().indexOf(event.target),
                   time: performance.now(), reachedWindow: false});
    }, true);
    window.addEventListener(type, (event) => {
      const record = events.findLast((e) => e.type === type);
      if (record) record.reachedWindow = true;
    });
  }
})();`;

/** A plain host article with a slot for the widget between two links. */
export function hostPage({title = 'Host article', head = '', script = true, css = true,
                          lang = 'en', body = ''} = {}) {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>${title}</title>
${css ? '<link rel="stylesheet" href="/confide/confide.css">' : ''}
${script ? '<script type="module" src="/confide/confide.js"></script>' : ''}
${head}
</head>
<body>
<main>
<h1>An article</h1>
<p>Text before the check, with <a href="/before">a link</a>.</p>
<div id="slot"></div>
<p>Text after the check, with <a href="/after">another link</a>.</p>
${body}
</main>
</body>
</html>`;
}

/** The browser, the server and the summary of one test file. */
export async function setUpFile(testFile) {
  // testFile is the test's import.meta.url (import.meta.filename is Node 20.11+).
  const name = basename(fileURLToPath(testFile));
  if (!existsSync(`${dist}/confide.js`)) {
    throw new Error(`${dist}/confide.js is missing: build the bundle first ` +
                    '(cmake --preset wasm && cmake --build --preset wasm)');
  }
  const server = await startServer({mounts});
  const browser = await launchBrowser(undefined, {server});
  const notes = [];
  const started = Date.now();
  return {
    browser,
    server,
    note(line) {
      notes.push(line);
      console.log(line);
    },
    /** A session with the event recorder (and any other init scripts) installed. */
    async session(options = {}) {
      return browser.newSession({...options,
                                 initScripts: [eventRecorder, ...(options.initScripts ?? [])]});
    },
    async tearDown() {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`${name}: ${browser.name} ${browser.version}, ${notes.length} notes, ${seconds} s`);
      await Promise.allSettled([browser.close(), server.close()]);
    },
  };
}

/** Inserts widget markup into the host page's slot (the test's "before each"). */
export function insert(session, markup) {
  return session.evaluate((html) => {
    document.getElementById('slot').innerHTML = html;
  }, markup);
}

/** Clears the slot again (the test's "after each"). */
export function clear(session) {
  return session.evaluate(() => {
    const slot = document.getElementById('slot');
    if (slot) slot.innerHTML = '';
  });
}

/** The widget's events so far, as recorded by eventRecorder. */
export function events(session) {
  return session.evaluate(() => window.__confideEvents.slice());
}

/** Waits for an event of `type` from widget `index`; returns it or throws. */
export async function waitForEvent(session, type, {index = 0, timeout = 10000, after = 0} = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const list = await events(session);
    const found = list.slice(after).find((e) => e.type === type && e.index === index);
    if (found) return found;
    const failed = list.find((e) => e.type === 'confide-error' && e.index === index);
    if (failed && type !== 'confide-error') {
      throw new Error(`widget ${index} failed instead of ${type}: ${failed.detail}`);
    }
    if (Date.now() > end) {
      throw new Error(`no ${type} from widget ${index} within ${timeout} ms; events: ` +
                      JSON.stringify(list));
    }
    await new Promise((done) => setTimeout(done, 25));
  }
}

/** The PCD check and the health publisher's file, where the bundle puts them. */
export const pcd = {src: '/confide/pcd.json', publisher: '/confide/publishers/health-demo.json',
                    file: `${dist}/pcd.json`, publisherFile: `${dist}/publishers/health-demo.json`};

/** `<confide-check>` markup. */
export function widget({src = '/confide/pcd.json', publisher, lang, inline} = {}) {
  const attributes = [src && `src="${src}"`, publisher && `publisher="${publisher}"`,
                      lang && `lang="${lang}"`].filter(Boolean).join(' ');
  const child = inline ? `<script type="application/json">${inline}</script>` : '';
  return `<confide-check ${attributes}>${child}</confide-check>`;
}
