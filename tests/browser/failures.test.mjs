// Failures: bad content (malformed JSON, a wrong type, an unknown id, a missing file, a
// publisher file for another check), a missing .wasm, a .wasm URL answering with an HTML error
// page and a .wasm whose hash does not match. Each shows a short message inside the widget's
// box within 3 seconds, fires confide-error with {message}, and leaves the host page untouched.

import assert from 'node:assert/strict';
import {after, afterEach, before, test} from 'node:test';
import {readFile} from 'node:fs/promises';
import {fixtures} from './support/content.mjs';
import {clear, events, hostPage, insert, setUpFile, waitForEvent, widget}
  from './support/harness.mjs';
import {Reader} from './support/reader.mjs';

let file;
before(async () => {
  file = await setUpFile(import.meta.url);
});
afterEach(() => file.server.reset());
after(() => file?.tearDown());

const wasmPath = '/confide/confide.wasm';
const htmlErrorPage = '<!doctype html><html><head><title>502 Bad Gateway</title></head>' +
  '<body><h1>Bad Gateway</h1><p>The server had a problem.</p></body></html>';

const cases = [
  {name: 'malformed JSON', markup: widget({src: '/fixtures/malformed.json'}),
   message: /malformed|line|column|json/i},
  {name: 'malformed inline JSON', markup: widget({src: null, inline: '{"confide": 1, "id": '}),
   message: /malformed|line|column|json/i},
  {name: 'a wrong type', markup: widget({src: '/fixtures/wrong-type.json'}),
   message: /required|type/i},
  {name: 'an unknown id', markup: widget({src: '/fixtures/unknown-id.json'}),
   message: /terrible|unknown/i},
  {name: 'a missing content file', markup: widget({src: '/fixtures/nowhere.json'}),
   message: /404|nowhere/i},
  {name: 'a publisher file for another check',
   markup: widget({src: '/fixtures/mini.json', publisher: '/confide/publishers/health-demo.json'}),
   message: /extends|unknown|pcd/i},
  {name: 'a missing .wasm (404)', markup: widget({src: '/fixtures/mini.json'}),
   route: {status: 404, headers: {'content-type': 'text/plain'}, body: 'not found'},
   message: /wasm|404/i},
  {name: 'a .wasm URL answering with an HTML error page', markup: widget({src: '/fixtures/mini.json'}),
   route: {status: 200, headers: {'content-type': 'text/html'}, body: htmlErrorPage},
   message: /wasm|webassembly|html/i},
  {name: 'a .wasm URL answering 502 with an HTML page', markup: widget({src: '/fixtures/mini.json'}),
   route: {status: 502, headers: {'content-type': 'text/html'}, body: htmlErrorPage},
   message: /wasm|502/i},
  {name: 'a .wasm whose hash does not match', markup: widget({src: '/fixtures/mini.json'}),
   route: {handler: async ({fileFor}) => {
     const body = Buffer.from((await fileFor(wasmPath)).body);
     body[body.length - 1] ^= 0x01;
     return {status: 200, headers: {'content-type': 'application/wasm'}, body};
   }},
   message: /sha|hash|integrity|match/i},
];

/** The host page as its own scripts see it, with the slot's content set aside. */
function hostView() {
  const copy = document.documentElement.cloneNode(true);
  copy.querySelector('#slot').replaceChildren();
  return {title: document.title, html: copy.outerHTML, url: location.href,
          historyLength: history.length, bodyChildren: document.body.children.length};
}

for (const failure of cases) {
  test(`${failure.name}: a short message in the box, confide-error, the host untouched`,
       {timeout: 30000}, async () => {
    if (failure.route) file.server.route(wasmPath, failure.route);
    const session = await file.session();
    try {
      await session.goto(file.server.page('/failure.html', hostPage()));
      const host = await session.evaluate(hostView);
      const insertedAt = await session.evaluate(() => performance.now());
      await insert(session, failure.markup);
      const reader = new Reader(session);
      await reader.waitFor((s) => s.text.length > 0 && !s.busy,
                           {timeout: 3000, what: 'the failure message'});
      const shownAfter = (await session.evaluate(() => performance.now())) - insertedAt;
      const shown = await reader.snapshot({full: true});
      const errorEvents = (await events(session)).filter((e) => e.type === 'confide-error');
      assert.equal(errorEvents.length, 1, 'confide-error fired once');
      const [event] = errorEvents;
      assert.ok(event.time - insertedAt <= 3000, `confide-error within 3 s (${event.time - insertedAt} ms)`);
      assert.ok(shownAfter <= 3000, `message within 3 s (${Math.round(shownAfter)} ms)`);
      assert.ok(event.bubbles && event.composed && event.reachedWindow, 'bubbling and composed');
      const detail = JSON.parse(event.detail);
      assert.equal(typeof detail?.message, 'string', 'detail is {message}');
      assert.ok(detail.message.length > 0);
      assert.match(detail.message, failure.message, 'the message says what went wrong');
      assert.ok(!(await events(session)).some((e) => e.type === 'confide-ready'), 'no confide-ready');

      assert.ok(shown.text.length <= 200, `the message is short: "${shown.text}"`);
      assert.ok(shown.box.height > 0 && shown.box.width > 0, 'the widget keeps a box');
      const inside = shown.contentBox;
      assert.ok(inside && inside.left >= shown.box.x - 1 && inside.top >= shown.box.y - 1 &&
                inside.right <= shown.box.x + shown.box.width + 1 &&
                inside.bottom <= shown.box.y + shown.box.height + 1,
                `the message is inside the widget's box: ${JSON.stringify({inside, box: shown.box})}`);
      assert.ok(!shown.controls.some((c) => ['radio', 'checkbox', 'textbox'].includes(c.role)),
                'no question is offered');

      assert.deepEqual(await session.evaluate(hostView), host, 'the host page is untouched');
      assert.deepEqual(session.pageErrors, [], 'no uncaught error on the page');
      file.note(`${failure.name}: shown after ${Math.round(shownAfter)} ms: "${detail.message.slice(0, 120)}"`);
    } finally {
      await clear(session).catch(() => {});
      await session.close();
    }
  });
}

test('the fixtures are what their names say', async () => {
  await assert.rejects(async () => JSON.parse(await readFile(`${fixtures}/malformed.json`, 'utf8')));
  const wrong = JSON.parse(await readFile(`${fixtures}/wrong-type.json`, 'utf8'));
  assert.equal(wrong.questions[0].required, 'yes');
});

test('a failure after the start is announced, and focus moves from the widget to the message',
     {timeout: 30000}, async () => {
  // The root is forced open so that the test can give one option an id the engine does not
  // know: answering it, the engine refuses the action, as it would after an internal error.
  const session = await file.session({openShadowRoots: true});
  try {
    await session.goto(file.server.page('/failure.html', hostPage()));
    await insert(session, widget({src: '/fixtures/mini.json'}));
    await waitForEvent(session, 'confide-ready');
    const reader = new Reader(session);
    await reader.waitForStep();
    await session.evaluate(() => {
      document.querySelector('confide-check').shadowRoot.querySelector('input').value = 'nowhere';
    });
    await reader.toggle('radio', 'Low');
    await waitForEvent(session, 'confide-error');
    const shown = await reader.waitFor((s) => s.alerts.length > 0, {what: 'the alert'});
    assert.match(shown.alerts[0], /stopped working/, 'the message is an alert');
    assert.equal(shown.focused?.role, 'alert', 'focus is on the message');
    assert.equal(await session.evaluate(() => document.activeElement.localName), 'confide-check',
                 'focus stays in the widget, not on <body>');
    assert.deepEqual(session.pageErrors, [], 'no uncaught error on the page');
  } finally {
    await clear(session).catch(() => {});
    await session.close();
  }
});
