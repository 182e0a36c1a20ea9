// Isolation: hostile host CSS cannot restyle the widget or break it; two widgets on one page
// do not share anything; loading confide.js twice is harmless.

import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {Check, cliScore, runSeed, seededRandom} from './support/content.mjs';
import {clear, events, hostPage, insert, pcd, setUpFile, waitForEvent, widget}
  from './support/harness.mjs';
import {Reader} from './support/reader.mjs';
import {currentStep, giveAnswer, pressAndMove, shownResults, ui, walk}
  from './support/walk.mjs';

const seed = runSeed();
let file;
let check;
before(async () => {
  file = await setUpFile(import.meta.url);
  check = await Check.load(pcd.file);
});
after(() => file?.tearDown());

const hostileCss = `<style>
* { all: unset !important; }
html { font-size: 40px !important; }
:root { --accent: #ff00ff; --text: #ff00ff; --background: #000000; --font: cursive;
        --radius: 40px; }
body, main, div { color: #ff00ff !important; background: #00ff00 !important;
  font: 40px/4 cursive !important; }
p, h1, h2, h3, label, input, button, span, section, a {
  color: #ff00ff !important; background: #00ff00 !important; font-size: 40px !important;
  font-family: cursive !important; line-height: 4 !important; padding: 30px !important;
  border: 9px dashed red !important; }
confide-check, confide-check * { color: #ff00ff !important; background-color: #00ff00 !important;
  font: italic 60px/5 cursive !important; display: inline !important;
  letter-spacing: 9px !important; text-transform: uppercase !important;
  visibility: visible !important; }
</style>`;
const flatBody = '<style>body { margin: 0; }</style>';

/** Computed style and size of the widget's main parts (runs in the shadow root). */
function probe() {
  const root = this;
  const pick = (node) => {
    if (!node) return null;
    const style = getComputedStyle(node);
    const rect = node.getBoundingClientRect();
    return {color: style.color, background: style.backgroundColor, fontSize: style.fontSize,
            fontFamily: style.fontFamily, fontWeight: style.fontWeight,
            lineHeight: style.lineHeight, padding: style.padding, border: style.border,
            borderRadius: style.borderRadius, display: style.display, opacity: style.opacity,
            filter: style.filter, transform: style.transform,
            width: Math.round(rect.width), height: Math.round(rect.height)};
  };
  const host = root.host;
  const hostStyle = getComputedStyle(host);
  const hostRect = host.getBoundingClientRect();
  const button = [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Continue');
  // The box's height holds the reservation as well; what the widget draws is its content.
  const box = root.firstElementChild;
  const boxTop = box.getBoundingClientRect().top;
  const contentHeight = Math.max(...[...box.children]
    .map((child) => child.getBoundingClientRect().bottom - boxTop));
  return {
    // The column: the page's width less a classic scrollbar, where the engine draws one.
    column: document.documentElement.clientWidth,
    host: {display: hostStyle.display, opacity: hostStyle.opacity, filter: hostStyle.filter,
           transform: hostStyle.transform, width: Math.round(hostRect.width),
           height: Math.round(hostRect.height)},
    box: {...pick(box), contentHeight: Math.round(contentHeight)},
    title: pick(root.querySelector('h2')),
    heading: pick(root.querySelector('h3')),
    label: pick(root.querySelector('label')),
    radio: pick(root.querySelector('input')),
    button: pick(button),
  };
}

test('hostile host CSS leaves the widget looking the same and usable', {timeout: 120000},
     async () => {
  const plain = await file.session();
  const hostile = await file.session();
  try {
    await plain.goto(file.server.page('/plain.html', hostPage({head: flatBody})));
    await hostile.goto(file.server.page('/hostile.html', hostPage({head: flatBody + hostileCss})));
    for (const session of [plain, hostile]) {
      await insert(session, widget(pcd));
      await waitForEvent(session, 'confide-ready');
    }
    const expected = await plain.inShadow(0, probe);
    const got = await hostile.inShadow(0, probe);
    assert.ok(expected.box && expected.radio && expected.button, 'the probe found the parts');
    assert.ok(expected.column > 900, `the page is about as wide as its window (${expected.column} px)`);
    assert.equal(expected.host.width, expected.column, 'the widget takes the column width');
    assert.deepEqual(got, expected, 'the widget computes the same styles and sizes');

    const reader = new Reader(hostile);
    const answers = await walk(reader, check, {random: seededRandom(seed)});
    const score = await cliScore(pcd.file, answers, {publisher: pcd.publisherFile});
    assert.deepEqual(shownResults(await reader.snapshot(), check),
                     {outcome: score.outcome, findings: score.findings, alerts: score.alerts});
    assert.deepEqual(hostile.pageErrors, []);
  } finally {
    await Promise.all([plain.close(), hostile.close()]);
  }
});

test('two widgets on one page work independently', {timeout: 120000}, async () => {
  const session = await file.session();
  try {
    await session.goto(file.server.page('/two.html', hostPage()));
    await insert(session, widget(pcd) + widget(pcd));
    await waitForEvent(session, 'confide-ready', {index: 0});
    await waitForEvent(session, 'confide-ready', {index: 1});
    const first = new Reader(session, 0);
    const second = new Reader(session, 1);

    const untouched = await second.snapshot();
    const {question} = await currentStep(first, check);
    await giveAnswer(first, check, question, question.options[1].id);
    await pressAndMove(first, ui.next);
    const still = await second.snapshot();
    assert.deepEqual(still.controls, untouched.controls, 'the second widget is unchanged');
    assert.deepEqual(still.headings, untouched.headings);

    const answers0 = {[question.id]: question.options[1].id,
                      ...await walk(first, check, {random: seededRandom(seed)})};
    const answers1 = await walk(second, check, {random: seededRandom(seed + 1)});
    for (const [reader, answers] of [[first, answers0], [second, answers1]]) {
      const score = await cliScore(pcd.file, answers, {publisher: pcd.publisherFile});
      assert.deepEqual(shownResults(await reader.snapshot(), check),
                       {outcome: score.outcome, findings: score.findings, alerts: score.alerts},
                       `widget ${reader.index}`);
    }
    const fired = (await events(session)).map((e) => `${e.type}@${e.index}`);
    for (const index of [0, 1]) {
      for (const type of ['confide-ready', 'confide-start', 'confide-complete']) {
        assert.equal(fired.filter((f) => f === `${type}@${index}`).length, 1,
                     `${type} once for widget ${index}: ${fired}`);
      }
    }
    await pressAndMove(first, ui.startAgain);
    assert.ok((await second.snapshot()).controls.some((c) => c.name === ui.startAgain),
              'starting again in one leaves the other on its results');
  } finally {
    await clear(session).catch(() => {});
    await session.close();
  }
});

test('loading confide.js twice is harmless', {timeout: 60000}, async () => {
  const session = await file.session();
  try {
    const twice = '<script type="module" src="/confide/confide.js"></script>' +
                  '<script type="module" src="/confide/confide.js?again"></script>';
    const mark = file.server.log.length;
    await session.goto(file.server.page('/twice.html', hostPage({script: false, head: twice})));
    await insert(session, widget(pcd));
    await waitForEvent(session, 'confide-ready');
    // The copy may finish after the first: give it time to try to define the element again.
    await new Promise((done) => setTimeout(done, 500));
    const definition = await session.evaluate(() => {
      const element = document.querySelector('confide-check');
      return {defined: !!customElements.get('confide-check'),
              same: element.constructor === customElements.get('confide-check'),
              upgraded: element.matches(':defined')};
    });
    assert.deepEqual(definition, {defined: true, same: true, upgraded: true});
    assert.equal(file.server.since(mark).filter((r) => r.path === '/confide/confide.js').length,
                 2, 'the script really loaded twice');
    const reader = new Reader(session);
    const answers = await walk(reader, check, {random: seededRandom(seed + 2)});
    const score = await cliScore(pcd.file, answers, {publisher: pcd.publisherFile});
    assert.deepEqual(shownResults(await reader.snapshot(), check),
                     {outcome: score.outcome, findings: score.findings, alerts: score.alerts});
    assert.deepEqual((await events(session)).map((e) => e.type),
                     ['confide-ready', 'confide-start', 'confide-complete']);
    assert.deepEqual(session.pageErrors, [], 'no uncaught error');
    assert.deepEqual(session.consoleMessages.filter((m) => m.type === 'error'), [],
                     'no console error');
  } finally {
    await clear(session).catch(() => {});
    await session.close();
  }
});
