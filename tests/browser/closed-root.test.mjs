// The shipped mode: the shadow root stays closed (no wrapper), and a reader completes PHQ-9
// through what assistive technology gets, the browser's accessibility tree: controls found by
// role and name, focused by the protocol, operated with the keyboard, and the result read back
// from the tree.

import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {Check, cliScore, dist, runSeed, seededRandom} from './support/content.mjs';
import {clear, hostPage, insert, setUpFile, waitForEvent, widget}
  from './support/harness.mjs';
import {ui} from './support/walk.mjs';

const seed = runSeed();
let file;
let check;
before(async () => {
  file = await setUpFile(import.meta.filename);
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

test('PHQ-9 completed through the accessibility tree with the root closed', {timeout: 120000},
     async (t) => {
  if (!file.browser.can.accessibilityTree) {
    file.note(`${file.browser.name}: no accessibility tree in this driver; closed-root test skipped`);
    t.skip('this driver has no accessibility tree');
    return;
  }
  const session = await file.session();
  try {
    await session.goto(file.server.page('/closed.html', hostPage()));
    await insert(session, widget({src: '/confide/phq9.json'}));
    await waitForEvent(session, 'confide-ready');
    assert.deepEqual(await session.evaluate(() => ({
      shadowRoot: document.querySelector('confide-check').shadowRoot,
      native: Element.prototype.attachShadow.toString().includes('[native code]'),
    })), {shadowRoot: null, native: true}, 'the root is closed and attachShadow is the browser\'s');

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
      nodes = await waitForTree(session, (n) => questionIn(n)?.id !== question.id,
                                `the step after ${question.id}`);
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
    file.note(`closed root: PHQ-9 via the accessibility tree, seed ${seed}, total ` +
              `${expected.scales.total}, outcome ${expected.outcome}`);
  } finally {
    await clear(session).catch(() => {});
    await session.close();
  }
});
