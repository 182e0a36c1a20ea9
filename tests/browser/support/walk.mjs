// Walking through a check as a reader: recognising the step on screen, answering it with the
// keyboard, moving on, and reading which results are shown.

import {randomAnswer} from './content.mjs';

/** The engine's English UI strings (src/engine/ui_text.cpp); the checks here override none. */
export const ui = {
  next: 'Continue', back: 'Back', startAgain: 'Start again', print: 'Print or save as PDF',
  results: 'Your results', errorTitle: 'There is a problem',
};

/** The question on screen: the one whose title is a visible heading (or labels the text box). */
export function questionOnScreen(snapshot, check) {
  for (const heading of snapshot.headings) {
    const question = check.questionByTitle(heading.name);
    if (question) return question;
  }
  return null;
}

/** {step: 'question', question} or {step: 'results'} or {step: 'other'}, with the snapshot. */
export async function currentStep(reader, check) {
  const snapshot = await reader.waitForStep();
  const question = questionOnScreen(snapshot, check);
  if (question) return {step: 'question', question, snapshot};
  const restart = snapshot.controls.some((c) => c.role === 'button' && c.name === ui.startAgain);
  return {step: restart ? 'results' : 'other', question: null, snapshot};
}

/** Gives `value` (an option id, a list of them, or a number) by focusing and pressing Space. */
export async function giveAnswer(reader, check, question, value) {
  if (value == null) return;
  if (question.type === 'single') {
    await reader.toggle('radio', check.label(question, value));
  } else if (question.type === 'multiple') {
    for (const id of value) await reader.toggle('checkbox', check.label(question, id));
  } else if (question.type === 'number') {
    await reader.fill(check.text(question.title), String(value));
  }
}

/**
 * Presses a button and waits until focus has moved to a heading of another step. `from` is the
 * question on screen (an id; null on the results), if the caller knows it.
 */
export async function pressAndMove(reader, name, {from, check} = {}) {
  const before = from === undefined ? await reader.snapshot() : null;
  await reader.press(name);
  return reader.waitFor((s) => {
    if (!s.focused || s.focused.role !== 'heading') return false;
    if (before) return JSON.stringify(s.headings) !== JSON.stringify(before.headings);
    return (questionOnScreen(s, check)?.id ?? null) !== from;
  }, {what: `the step after pressing ${name}`});
}

/**
 * The results on screen as ids: {outcome, findings, alerts}. Read from the widget's
 * data-id/data-kind marks where it has them, else recognised by their titles.
 */
export function shownResults(snapshot, check) {
  const shown = {outcome: null, findings: [], alerts: []};
  const add = (kind, id) => {
    if (kind === 'outcome') shown.outcome = shown.outcome ? `${shown.outcome}+${id}` : id;
    else if (kind === 'finding' && !shown.findings.includes(id)) shown.findings.push(id);
    else if (kind === 'alert' && !shown.alerts.includes(id)) shown.alerts.push(id);
  };
  const marked = snapshot.marked.filter((m) => m.id && m.kind);
  if (marked.length) {
    for (const {kind, id} of marked) add(kind, id);
  } else {
    for (const heading of snapshot.headings) {
      for (const {kind, id} of check.resultsByTitle(heading.name)) add(kind, id);
    }
  }
  return shown;
}

/**
 * Answers every step with `choose(question)` (default: random from `random`) and presses
 * Continue until the results show. Returns the answers given, as the CLI reads them.
 */
export async function walk(reader, check, {choose, random, limit = 60} = {}) {
  const answers = {};
  const pick = choose ?? ((question) => randomAnswer(question, random));
  let snapshot = await reader.waitForStep();
  for (let i = 0; i < limit; i++) {
    const question = questionOnScreen(snapshot, check);
    if (!question) {
      if (snapshot.controls.some((c) => c.role === 'button' && c.name === ui.startAgain)) {
        return answers;
      }
      throw new Error('the widget shows neither a question nor results');
    }
    const value = pick(question);
    await giveAnswer(reader, check, question, value);
    if (value != null) answers[question.id] = value;
    snapshot = await pressAndMove(reader, ui.next, {from: question.id, check});
  }
  throw new Error(`no results after ${limit} steps`);
}
