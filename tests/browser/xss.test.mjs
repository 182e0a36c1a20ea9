// Texts that hold HTML and script payloads are shown as text: no element, no handler, no
// `javascript:` or `data:` link is ever produced, and no payload runs.

import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {Check, fixtures, plain} from './support/content.mjs';
import {clear, hostPage, insert, setUpFile, waitForEvent, widget} from './support/harness.mjs';
import {Reader} from './support/reader.mjs';
import {pressAndMove, ui} from './support/walk.mjs';

let file;
let check;
before(async () => {
  file = await setUpFile(import.meta.url);
  check = await Check.load(`${fixtures}/xss.json`);
});
after(() => file?.tearDown());

// Any payload that runs writes window.__xss; the trap remembers every write.
const trap = `(() => {
  const hits = [];
  Object.defineProperty(window, '__xssHits', {value: hits});
  Object.defineProperty(window, '__xss', {set(value) { hits.push(String(value)); },
                                          get() { return undefined; }});
  window.alert = (value) => hits.push('alert ' + value);
})();`;

const allowedTags = new Set(['div', 'p', 'span', 'strong', 'em', 'a', 'ul', 'li', 'h2', 'h3',
  'h4', 'h5', 'h6', 'form', 'fieldset', 'legend', 'input', 'label', 'button', 'section',
  'details', 'summary', 'img', 'nav', 'ol', 'small', 'output', 'progress', 'br', 'hr']);

/** Checks one step: nothing but the widget's own markup, and only safe links. */
function assertInert(snapshot, where) {
  for (const href of snapshot.links.filter((h) => h !== null)) {
    assert.ok(!/^\s*(javascript|data|vbscript):/i.test(href), `${where}: href ${href}`);
  }
  for (const [tag, name, value] of snapshot.attributes) {
    assert.ok(!/^on/i.test(name), `${where}: no event handler attribute (${tag} ${name})`);
    assert.ok(!/^\s*(javascript|data|vbscript):/i.test(value),
              `${where}: no script URL in ${tag} ${name}="${value}"`);
  }
  const strange = snapshot.elements.filter((tag) => !allowedTags.has(tag));
  assert.deepEqual(strange, [], `${where}: no element from a payload`);
  for (const [tag, name, value] of snapshot.attributes) {
    if (tag === 'img' && name === 'src') {
      assert.ok(value.startsWith('/'), `${where}: images only from the page origin (${value})`);
    }
  }
}

test('HTML and script payloads in the content and the publisher file render as text',
     {timeout: 60000}, async () => {
  const session = await file.session({initScripts: [trap]});
  try {
    await session.goto(file.server.page('/xss.html', hostPage()));
    await insert(session, widget({src: '/fixtures/xss.json',
                                  publisher: '/fixtures/xss-publisher.json'}));
    await waitForEvent(session, 'confide-ready');
    const reader = new Reader(session);

    await reader.waitForStep();
    let snapshot = await reader.snapshot({full: true});
    assertInert(snapshot, 'first step');
    // The payloads are there, as the characters the author typed.
    for (const text of [check.json.title, check.questions[0].title,
                        check.questions[0].options[0].label]) {
      assert.ok(snapshot.text.includes(plain(text)), `shown as text: ${plain(text)}`);
    }
    assert.ok(snapshot.text.includes('allowed link'), 'the label of a link is shown');
    assert.ok(snapshot.text.includes('script link'),
              'a javascript: link keeps its label as plain text');
    assert.ok(snapshot.links.includes('https://example.org/safe'), 'an https link stays a link');

    await reader.toggle('radio', plain(check.questions[0].options[0].label));
    await pressAndMove(reader, ui.next);
    snapshot = await reader.snapshot({full: true});
    assertInert(snapshot, 'second step');
    assert.ok(snapshot.text.includes('data link') && snapshot.text.includes('mixed case'));
    await reader.toggle('checkbox', plain(check.questions[1].options[0].label));
    await reader.toggle('checkbox', plain(check.questions[1].options[1].label));
    await pressAndMove(reader, ui.next);

    snapshot = await reader.snapshot({full: true});
    assert.ok(snapshot.controls.some((c) => c.name === ui.startAgain), 'the results are shown');
    assertInert(snapshot, 'results');
    for (const text of [check.result('outcome', 'high').title, check.result('finding', 'picked-a').title,
                        check.result('alert', 'picked-yes').title]) {
      assert.ok(snapshot.text.includes(plain(text)), `shown as text: ${plain(text)}`);
    }
    // Product cards never sit beside a safety alert: walk again without it to see them.
    await pressAndMove(reader, ui.startAgain);
    await reader.toggle('radio', plain(check.questions[0].options[1].label));
    await pressAndMove(reader, ui.next);
    await reader.toggle('checkbox', plain(check.questions[1].options[0].label));
    await pressAndMove(reader, ui.next);
    snapshot = await reader.snapshot({full: true});
    assertInert(snapshot, 'results without the alert');
    assert.ok(!snapshot.text.includes(plain(check.result('alert', 'picked-yes').title)),
              'no alert on this walk');
    assert.ok(snapshot.text.includes('<img src=x onerror=window.__xss=\'product\'>Product'),
              'a product name with markup is text');

    const hits = await session.evaluate(() => window.__xssHits.slice());
    assert.deepEqual(hits, [], 'no payload ran');
    assert.deepEqual(session.pageErrors, []);
    // Inside the widget's root, where a payload's element would appear: the product's own
    // image (which proves the look inside) and nothing from a payload.
    assert.deepEqual(await session.inShadow(0, function () {
      return {images: [...this.querySelectorAll('img')].map((img) => img.getAttribute('src')),
              scripts: this.querySelectorAll('script').length};
    }), {images: ['/fixtures/pixel.svg'], scripts: 0}, 'no payload element in the widget');
    assert.equal(await session.evaluate(() => document.querySelectorAll('img, script[src="x"]').length), 0,
                 'nothing reached the light DOM');
    file.note(`xss: ${snapshot.links.length} links on the results, all https/mailto/tel`);
  } finally {
    await clear(session).catch(() => {});
    await session.close();
  }
});

test('a publisher link that is not https is refused, never made a link', {timeout: 30000},
     async () => {
  const session = await file.session({initScripts: [trap]});
  try {
    const publisher = JSON.stringify({confide: 1, extends: 'xss', blocks: [{id: 'bad',
      kind: 'reading', for: ['high'], title: 'Bad', links: [{label: 'Click',
      url: "javascript:window.__xss='publisher-url'"}]}]});
    file.server.route('/bad-publisher.json', {headers: {'content-type': 'application/json'},
                                              body: publisher});
    await session.goto(file.server.page('/xss-publisher.html', hostPage()));
    await insert(session, widget({src: '/fixtures/xss.json', publisher: '/bad-publisher.json'}));
    await waitForEvent(session, 'confide-error');
    const snapshot = await new Reader(session).snapshot({full: true});
    assertInert(snapshot, 'error state');
    assert.deepEqual(await session.evaluate(() => window.__xssHits.slice()), []);
  } finally {
    file.server.reset();
    await clear(session).catch(() => {});
    await session.close();
  }
});
