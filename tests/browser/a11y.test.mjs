// axe-core finds no WCAG 2.0/2.1/2.2 A and AA violation on any step of the PCD check, on the
// error state and on the results. axe cannot see into a closed shadow root, so these audits
// (and only these) force the root open with an attachShadow wrapper installed before the
// widget loads.

import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {after, before, test} from 'node:test';
import {Check, fixtures} from './support/content.mjs';
import {clear, hostPage, insert, pcd, setUpFile, waitForEvent, widget}
  from './support/harness.mjs';
import {Reader} from './support/reader.mjs';
import {currentStep, giveAnswer, pressAndMove, ui} from './support/walk.mjs';

const require = createRequire(import.meta.url);
const tags = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];
let file;
let check;
let steps;
let axeSource;
before(async () => {
  file = await setUpFile(import.meta.url);
  check = await Check.load(pcd.file);
  steps = await Check.load(`${fixtures}/steps.json`);
  axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
});
after(() => file?.tearDown());

// Answers that show every question of the check and every part of the results: the alert,
// several findings and the publisher's blocks.
const thorough = {
  frequency: 'often', feelings: ['crying', 'sadness', 'anxiety', 'shame'], tears: 'sad',
  duration: 'day', impact: 'great', phq2_1: '3', phq2_2: '3', phq9_9: '2', gad2_1: '3',
  gad2_2: '3', pain: 'often', context: ['performance', 'memories', 'relationship', 'shame'],
  periods: 'yes', cycle: 'yes',
};

async function audit(session, where) {
  const result = await session.evaluate(async (runOnly) => {
    const report = await window.axe.run(document, {runOnly: {type: 'tag', values: runOnly},
                                                   resultTypes: ['violations']});
    return report.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary}))}));
  }, tags);
  assert.deepEqual(result, [], `axe violations on ${where}`);
}

async function openSession(colorScheme, markup = widget(pcd)) {
  const session = await file.session({openShadowRoots: true, colorScheme});
  await session.goto(file.server.page(`/a11y-${colorScheme}.html`, hostPage()));
  await session.addScript(axeSource);
  await insert(session, markup);
  await waitForEvent(session, 'confide-ready');
  return session;
}

for (const colorScheme of ['light', 'dark']) {
  test(`axe: every step, the error state and the results (${colorScheme})`, {timeout: 180000},
       async () => {
    const session = await openSession(colorScheme);
    try {
      const reader = new Reader(session);
      assert.equal(await session.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches),
                   colorScheme === 'dark', `the page is in the ${colorScheme} scheme`);
      assert.ok(await session.evaluate(() => !!document.querySelector('confide-check').shadowRoot),
                'the audit sees into the (opened) root');
      const audited = [];
      const answeredTypes = new Set();
      for (let step = 0; step < 40; step++) {
        const {step: kind, question} = await currentStep(reader, check);
        if (kind !== 'question') break;
        await audit(session, `${question.id}, unanswered`);
        if (step === 0) {
          // Continue without an answer: the error summary and the field's message.
          await reader.press(ui.next);
          const errored = await reader.waitFor((s) => s.alerts.length > 0 && s.focused,
                                               {what: 'the error and the focus on it'});
          assert.ok(errored.text.includes(ui.errorTitle), 'the error summary is shown');
          await audit(session, `${question.id}, error state`);
          // The summary has focus, and its link takes the reader to the field, not elsewhere.
          assert.equal(errored.focused?.role, 'alert', 'focus moves to the error summary');
          const url = await session.evaluate(() => location.href);
          const link = await reader.tabTo({role: 'link'});
          assert.equal(link.name, 'Select an answer', 'the summary links to the field');
          await session.press('Enter');
          const target = await reader.focused();
          assert.equal(target.role, question.type === 'multiple' ? 'checkbox' : 'radio',
                       'the link focuses the first option');
          assert.equal(await session.evaluate(() => location.href), url, 'the URL is unchanged');
        }
        await giveAnswer(reader, check, question, thorough[question.id] ??
          (question.type === 'multiple' ? [question.options[0].id] : question.options[0].id));
        // An answered step differs only in checked states: audited once per question type.
        if (!answeredTypes.has(question.type)) {
          answeredTypes.add(question.type);
          await audit(session, `${question.id}, answered`);
        }
        audited.push(question.id);
        await pressAndMove(reader, ui.next);
      }
      const results = await reader.snapshot();
      assert.ok(results.controls.some((c) => c.name === ui.startAgain), 'results shown');
      await audit(session, 'the results');
      file.note(`axe ${colorScheme}: ${audited.length} steps, error state and results clean`);
    } finally {
      await clear(session).catch(() => {});
      await session.close();
    }
  });
}

for (const colorScheme of ['light', 'dark']) {
  test(`axe: an info step, a number question out of range and answered (${colorScheme})`,
       {timeout: 60000}, async () => {
    const session = await openSession(colorScheme, widget({src: '/fixtures/steps.json'}));
    try {
      const reader = new Reader(session);
      assert.equal((await currentStep(reader, steps)).question?.id, 'welcome');
      await audit(session, 'the info step');
      await pressAndMove(reader, ui.next);
      const {question} = await currentStep(reader, steps);
      assert.equal(question?.id, 'steps');
      await audit(session, 'the number question, unanswered');
      await giveAnswer(reader, steps, question, 60000);
      await reader.press(ui.next);
      const errored = await reader.waitFor((s) => s.focused?.role === 'alert',
                                           {what: 'the error summary, focused'});
      assert.ok(errored.text.includes(ui.errorTitle), 'the error summary is shown');
      assert.equal(await session.evaluate(() => document.querySelector('confide-check').shadowRoot
        .querySelector('input').getAttribute('aria-invalid')), 'true', 'the field is aria-invalid');
      await audit(session, 'the number question, out of range');
      await reader.tabTo({role: 'link'});
      await session.press('Enter');
      assert.equal((await reader.focused()).role, 'textbox', 'the link focuses the field');
      await giveAnswer(reader, steps, question, 27183);
      await audit(session, 'the number question, answered');
      file.note(`axe ${colorScheme}: info step and number question clean`);
    } finally {
      await clear(session).catch(() => {});
      await session.close();
    }
  });
}
