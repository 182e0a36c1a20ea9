// A reader completes the PCD check with the keyboard alone (Tab, Shift+Tab, arrows, Space,
// Enter): nothing is pre-selected, focus lands on each new step's heading, Back keeps the
// answers, and the results are the ones `confide score` gives for the same answers.

import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {Check, cliScore, fixtures} from './support/content.mjs';
import {clear, events, hostPage, insert, pcd, setUpFile, waitForEvent, widget}
  from './support/harness.mjs';
import {Reader} from './support/reader.mjs';
import {questionOnScreen, shownResults, ui} from './support/walk.mjs';

let file;
let check;
let steps;
before(async () => {
  file = await setUpFile(import.meta.url);
  check = await Check.load(pcd.file);
  steps = await Check.load(`${fixtures}/steps.json`);
});
after(() => file?.tearDown());

// A distressed reader's answers, so that branching shows most questions and several findings
// and the alert appear. Questions not listed get their first option.
const plan = {
  frequency: 'often', feelings: ['crying', 'anxiety', 'shame'], tears: 'sad', duration: 'hours',
  impact: 'lot', phq2_1: '2', phq2_2: '1', phq9_9: '1', gad2_1: '2', gad2_2: '3',
  pain: 'sometimes', context: ['performance', 'relationship'], periods: 'yes', cycle: 'unsure',
};

function planned(question) {
  if (question.id in plan) return plan[question.id];
  if (question.type === 'single') return question.options[0].id;
  if (question.type === 'multiple') return [question.options.find((o) => !o.exclusive).id];
  if (question.type === 'number') return question.min ?? 0;
  return null;
}

const choices = (snapshot) => snapshot.controls.filter((c) => ['radio', 'checkbox'].includes(c.role));

/** Answers the question on screen with Tab, arrows and Space only. */
async function answerByKeyboard(reader, question, value) {
  if (question.type === 'single') {
    const index = question.options.findIndex((o) => o.id === value);
    const entered = await reader.tabTo({role: 'radio'});
    assert.equal(entered.name, check.label(question, question.options[0].id),
                 'Tab enters an unanswered radio group on its first option');
    assert.equal(entered.checked, false, 'entering the group selects nothing');
    if (index === 0) await reader.session.press('Space');
    for (let i = 0; i < index; i++) await reader.session.press('ArrowDown');
  } else if (question.type === 'multiple') {
    for (const id of value) {
      await reader.tabTo({role: 'checkbox', name: check.label(question, id)});
      await reader.session.press('Space');
    }
  } else if (question.type === 'number') {
    await reader.tabTo({role: 'textbox'});
    await reader.session.type(String(value));
  }
  await assertAnswer(reader, question, value);
}

/** The question on screen shows `value` checked (and nothing else). */
async function assertAnswer(reader, question, value) {
  const snapshot = await reader.snapshot();
  if (question.type === 'number') {
    assert.equal(snapshot.controls.find((c) => c.role === 'textbox').value, String(value));
    return;
  }
  const wanted = [value].flat().map((id) => check.label(question, id)).sort();
  const checked = choices(snapshot).filter((c) => c.checked).map((c) => c.name).sort();
  assert.deepEqual(checked, wanted, `answer to ${question.id}`);
}

/** Focus is on the heading of the step now shown, whose title is `title`. */
async function assertFocusOnHeading(reader, title) {
  const focused = await reader.focused();
  assert.ok(focused, 'something inside the widget has focus');
  assert.equal(focused.role, 'heading', `focus is on a heading, not ${JSON.stringify(focused)}`);
  if (title) assert.ok(focused.name.startsWith(title), `"${focused.name}" is the heading of "${title}"`);
}

test('a reader completes the PCD check with the keyboard alone', {timeout: 120000}, async () => {
  const session = await file.session();
  try {
    await session.goto(file.server.page('/keyboard.html', hostPage()));
    await insert(session, widget(pcd));
    await waitForEvent(session, 'confide-ready');
    const reader = new Reader(session);

    const answers = {};
    const visited = [];
    let backTested = false;
    for (let step = 0; step < 40; step++) {
      const snapshot = await reader.waitForStep();
      const question = questionOnScreen(snapshot, check);
      if (!question) break;
      if (step > 0) await assertFocusOnHeading(reader, check.text(question.title));
      assert.ok(!visited.includes(question.id), `${question.id} is shown once`);
      visited.push(question.id);
      assert.deepEqual(choices(snapshot).filter((c) => c.checked), [],
                       `nothing is pre-selected on ${question.id}`);
      const value = planned(question);
      await answerByKeyboard(reader, question, value);
      answers[question.id] = value;

      if (visited.length === 3 && !backTested) {
        // Back (reached with Shift+Tab, pressed with Space) shows the previous answer, and
        // coming forward again shows this one.
        backTested = true;
        const previous = check.question(visited[1]);
        await reader.tabTo({role: 'button', name: ui.back}, {backwards: true});
        await session.press('Space');
        await reader.waitFor((s) => s.focused?.role === 'heading' &&
                               questionOnScreen(s, check)?.id === previous.id, {what: 'Back'});
        await assertFocusOnHeading(reader, check.text(previous.title));
        await assertAnswer(reader, previous, answers[previous.id]);
        await reader.tabTo({role: 'button', name: ui.next});
        await session.press('Enter');
        await reader.waitFor((s) => questionOnScreen(s, check)?.id === question.id && s.focused,
                             {what: 'Continue after Back'});
        await assertFocusOnHeading(reader, check.text(question.title));
        await assertAnswer(reader, question, value);
      }
      await reader.tabTo({role: 'button', name: ui.next});
      await session.press('Enter');
      // Focus follows in the frame that draws the step.
      await reader.waitFor((s) => questionOnScreen(s, check)?.id !== question.id && s.focused,
                           {what: `the step after ${question.id}`});
    }
    assert.ok(backTested, 'the check has at least three steps');

    const results = await reader.waitFor((s) => s.controls.some((c) => c.name === ui.startAgain),
                                         {what: 'the results'});
    await assertFocusOnHeading(reader);
    const expected = await cliScore(pcd.file, answers, {publisher: pcd.publisherFile});
    const shown = shownResults(results, check);
    assert.deepEqual(shown, {outcome: expected.outcome, findings: expected.findings,
                             alerts: expected.alerts}, 'the results are those of confide score');
    assert.ok(results.text.includes(check.text(check.result('outcome', expected.outcome).title)),
              'the outcome title is shown');
    file.note(`keyboard: ${visited.length} steps, outcome ${expected.outcome}, findings ` +
              `${expected.findings.join(',') || '-'}, alerts ${expected.alerts.join(',') || '-'}`);

    await waitForEvent(session, 'confide-complete');
    const fired = await events(session);
    assert.deepEqual(fired.map((e) => e.type),
                     ['confide-ready', 'confide-start', 'confide-complete']);
    const secrets = [...Object.values(answers).flat(), ...visited,
                     expected.outcome, ...expected.findings, ...expected.alerts]
      .filter((s) => String(s).length > 1);
    for (const event of fired) {
      assert.ok(event.bubbles && event.composed && event.reachedWindow,
                `${event.type} bubbles out of the element, composed`);
      assert.equal(event.target, 'confide-check');
      for (const secret of secrets) {
        assert.ok(!event.detail.includes(secret), `${event.type} detail holds no "${secret}"`);
      }
      assert.ok(['null', '{}'].includes(event.detail),
                `${event.type} carries no data (${event.detail})`);
    }
  } finally {
    await clear(session).catch(() => {});
    await session.close();
  }
});

test('an info step and a number question, by keyboard: a number out of range is explained',
     {timeout: 60000}, async () => {
  const session = await file.session();
  try {
    await session.goto(file.server.page('/keyboard-steps.html', hostPage()));
    await insert(session, widget({src: '/fixtures/steps.json'}));
    await waitForEvent(session, 'confide-ready');
    const reader = new Reader(session);
    const info = await reader.waitForStep();
    assert.equal(questionOnScreen(info, steps)?.id, 'welcome');
    assert.ok(info.text.includes(steps.text(steps.question('welcome').body)), 'the info text');
    assert.ok(!info.controls.some((c) => ['radio', 'checkbox', 'textbox'].includes(c.role)),
              'an info step asks nothing');
    await reader.tabTo({role: 'button', name: ui.next});
    await session.press('Enter');
    const number = steps.question('steps');
    await reader.waitFor((s) => questionOnScreen(s, steps)?.id === 'steps' && s.focused,
                         {what: 'the number question'});
    await assertFocusOnHeading(reader, steps.text(number.title));

    // Out of range: the error summary takes focus, the field is marked invalid, and the
    // summary's link takes the reader to the field.
    await answerByKeyboard(reader, number, 60000);
    await reader.tabTo({role: 'button', name: ui.next});
    await session.press('Enter');
    const errored = await reader.waitFor((s) => s.focused?.role === 'alert',
                                         {what: 'the error summary, focused'});
    assert.ok(errored.text.includes(ui.errorTitle), 'the error summary is shown');
    const field = (await reader.snapshot({full: true})).attributes
      .filter(([tag]) => tag === 'input').map(([, name, value]) => [name, value]);
    assert.ok(field.some(([name, value]) => name === 'aria-invalid' && value === 'true'),
              `the field is aria-invalid: ${JSON.stringify(field)}`);
    const link = await reader.tabTo({role: 'link'});
    assert.equal(link.name, 'Enter a whole number from 0 to 50000', 'the summary names the range');
    await session.press('Enter');
    const target = await reader.focused();
    assert.deepEqual([target.role, target.name], ['textbox', steps.text(number.title)],
                     'the link focuses the field');

    await session.press('ControlOrMeta+A');
    await session.press('Backspace');
    await session.type('27183');
    await assertAnswer(reader, number, 27183);
    await session.press('Enter');
    const mood = steps.question('mood');
    await reader.waitFor((s) => questionOnScreen(s, steps)?.id === 'mood' && s.focused,
                         {what: 'the question after the number'});
    await assertFocusOnHeading(reader, steps.text(mood.title));
    await reader.tabTo({role: 'radio'});
    await session.press('ArrowDown');
    await reader.tabTo({role: 'button', name: ui.next});
    await session.press('Enter');
    const results = await reader.waitFor((s) => s.controls.some((c) => c.name === ui.startAgain),
                                         {what: 'the results'});
    const expected = await cliScore(steps.path, {steps: 27183, mood: 'fine'});
    assert.deepEqual(shownResults(results, steps), {outcome: expected.outcome,
      findings: expected.findings, alerts: expected.alerts}, 'the results of confide score');
  } finally {
    await clear(session).catch(() => {});
    await session.close();
  }
});
