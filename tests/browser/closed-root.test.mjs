// The shipped mode: the shadow root stays closed, and a reader completes PHQ-9 through what
// assistive technology gets, the browser's accessibility tree: controls found by role and
// name (as the engine's accessibility code computes them), focused by the driver, operated
// with the keyboard, and the result read back from the tree. Chromium's protocol and WebKit's
// WebDriver (Get Computed Role and Label) give such a tree; WebDriver BiDi gives none (its
// accessibility locator does not enter shadow roots), so in Firefox the reader completes
// PHQ-9 with the root closed through BiDi's view of it instead, and the output says so.

import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {Check, cliScore, dist, runSeed, seededRandom} from './support/content.mjs';
import {clear, hostPage, insert, setUpFile, waitForEvent, widget}
  from './support/harness.mjs';
import {Reader} from './support/reader.mjs';
import {shownResults, ui, walk} from './support/walk.mjs';

const seed = runSeed();
let file;
let check;
before(async () => {
  file = await setUpFile(import.meta.url);
  check = await Check.load(`${dist}/phq9.json`);
});
after(() => file?.tearDown());

const isChecked = (node) => node.checked === true || node.checked === 'true';
// The document itself counts as focused too; the focused element is the other node.
const focusedIn = (nodes) => nodes.filter((n) => n.focused && n.role !== 'RootWebArea').at(-1);

/** Polls the accessibility tree until `test(nodes)` holds. */
async function waitForTree(session, test, what) {
  const end = Date.now() + 5000;
  for (;;) {
    const nodes = await session.accessibilityTree();
    if (test(nodes)) return nodes;
    if (Date.now() > end) {
      throw new Error(`accessibility tree: timed out waiting for ${what}: ` +
        JSON.stringify(nodes.filter((n) => n.name).map((n) => [n.role, n.name])).slice(0, 2000));
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}

const questionIn = (nodes) => nodes.filter((n) => n.role === 'heading')
  .map((n) => check.questionByTitle(n.name)).find(Boolean) ?? null;

test('PHQ-9 completed through the accessibility tree with the root closed', {timeout: 180000},
     async () => {
  const {name, can} = file.browser;
  const session = await file.session();
  try {
    await session.goto(file.server.page('/closed.html', hostPage()));
    await insert(session, widget({src: '/confide/phq9.json'}));
    await waitForEvent(session, 'confide-ready');
    const page = await session.evaluate(() => ({
      shadowRoot: document.querySelector('confide-check').shadowRoot,
      native: Element.prototype.attachShadow.toString().includes('[native code]'),
    }));
    assert.equal(page.shadowRoot, null, 'the root is closed');
    if (can.untouchedRoots) {
      assert.equal(page.native, true, 'attachShadow is the browser\'s');
    } else {
      file.note(`closed root: ${name} driver reaches the root through its hook, which wraps ` +
                'attachShadow (the root stays closed to the page)');
    }
    if (!can.accessibilityTree) {
      await completeThroughProtocol(session);
      return;
    }

    const random = seededRandom(seed);
    const answers = {};
    let nodes = await waitForTree(session, (n) => questionIn(n), 'the first question');
    for (let step = 0; step < 20; step++) {
      const question = questionIn(nodes);
      if (!question) break;
      if (step > 0) {
        const focused = focusedIn(nodes);
        assert.equal(focused?.role, 'heading', `focus is on the heading of ${question.id}`);
        assert.equal(check.questionByTitle(focused.name)?.id, question.id);
      }
      const radios = nodes.filter((n) => n.role === 'radio');
      assert.deepEqual(radios.map((n) => n.name),
                       question.options.map((o) => check.text(o.label)), `options of ${question.id}`);
      assert.ok(!radios.some(isChecked), 'nothing is pre-selected');
      const option = random.pick(question.options);
      const radio = radios.find((n) => n.name === check.text(option.label));
      await session.focusNode(radio.backendNodeId);
      await session.press('Space');
      nodes = await waitForTree(session, (n) => n.some((x) => x.role === 'radio' &&
        x.name === radio.name && isChecked(x)), `${option.id} checked`);
      answers[question.id] = option.id;
      const next = nodes.find((n) => n.role === 'button' && n.name === ui.next);
      assert.ok(next, 'a Continue button');
      await session.focusNode(next.backendNodeId);
      await session.press('Enter');
      // Focus follows in the frame that draws the step.
      nodes = await waitForTree(session, (n) => questionIn(n)?.id !== question.id &&
                                focusedIn(n), `the step after ${question.id}`);
    }

    const expected = await cliScore(check.path, answers);
    nodes = await waitForTree(session, (n) => n.some((x) => x.role === 'button' &&
      x.name === ui.startAgain), 'the results');
    const headings = nodes.filter((n) => n.role === 'heading').map((n) => n.name);
    const outcomeTitle = check.text(check.result('outcome', expected.outcome).title);
    assert.ok(headings.includes(outcomeTitle), `the outcome "${outcomeTitle}" is in the tree: ${headings}`);
    for (const alert of expected.alerts) {
      assert.ok(headings.includes(check.text(check.result('alert', alert).title)),
                `the alert ${alert} is in the tree`);
    }
    for (const other of check.results('outcome').filter((o) => o.id !== expected.outcome)) {
      assert.ok(!headings.includes(check.text(other.title)), `not the outcome ${other.id}`);
    }
    assert.equal(focusedIn(nodes)?.role, 'heading', 'focus is on a results heading');
    file.note(`closed root: PHQ-9 via the ${name} accessibility tree, seed ${seed}, total ` +
              `${expected.scales.total}, outcome ${expected.outcome}`);
  } finally {
    await clear(session).catch(() => {});
    await session.close();
  }
});

/** Firefox: PHQ-9 with the root closed, through the protocol's view of it (no tree to use). */
async function completeThroughProtocol(session) {
  file.note(`closed root: ${file.browser.name} driver has no accessibility tree; PHQ-9 ` +
            'completed with the root closed through the protocol\'s view of it instead');
  const reader = new Reader(session);
  const answers = await walk(reader, check, {random: seededRandom(seed)});
  const expected = await cliScore(check.path, answers);
  const results = await reader.snapshot();
  assert.deepEqual(shownResults(results, check),
                   {outcome: expected.outcome, findings: expected.findings, alerts: expected.alerts});
  assert.equal(results.focused?.role, 'heading', 'focus is on a results heading');
  assert.equal(await session.evaluate(() => document.querySelector('confide-check').shadowRoot),
               null, 'the root is still closed');
  file.note(`closed root: PHQ-9 through the protocol, seed ${seed}, total ` +
            `${expected.scales.total}, outcome ${expected.outcome}`);
}
