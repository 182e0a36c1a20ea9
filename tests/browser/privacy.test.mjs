// Privacy: once the widget is ready, nothing leaves the page and nothing is kept. From the
// first answer through the results and "Start again": no request of any kind (seen by the
// driver, the browser's protocol, the page's resource timing and the server's own log), no
// cookie, no storage, the same URL, history and title; and a nosy host script that listens to
// every event, walks the light DOM and patches every way out finds no answer, score or result.

import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {after, before, test} from 'node:test';
import {Check, cliScore, runSeed, seededRandom} from './support/content.mjs';
import {clear, hostPage, insert, pcd, setUpFile, waitForEvent, widget}
  from './support/harness.mjs';
import {Reader} from './support/reader.mjs';
import {currentStep, giveAnswer, pressAndMove, ui, walk} from './support/walk.mjs';
import {strictCsp} from './support/server.mjs';

// The design's strict policy, report-only: the page works as without it, and any request
// to another origin (which neither the server's log nor every driver would see) fires a
// securitypolicyviolation event, in every engine.
const violationCounter = `(() => {
  const violations = [];
  Object.defineProperty(window, '__violations', {value: violations});
  document.addEventListener('securitypolicyviolation', (event) => violations.push(
    {directive: event.effectiveDirective, blocked: event.blockedURI, time: performance.now()}), true);
})();`;

const seed = runSeed();
let file;
let check;
let hostSpy;
before(async () => {
  file = await setUpFile(import.meta.url);
  check = await Check.load(pcd.file);
  hostSpy = await readFile(new URL('./support/host-spy.js', import.meta.url), 'utf8');
});
after(() => file?.tearDown());

/** What the page holds that outlives it or that a host can read without the widget. */
function pageState() {
  return (async () => ({
    url: location.href,
    historyLength: history.length,
    title: document.title,
    cookie: document.cookie,
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    indexedDB: (await indexedDB.databases()).map((db) => db.name),
    caches: 'caches' in window ? await caches.keys() : [],
    serviceWorkers: navigator.serviceWorker
      ? (await navigator.serviceWorker.getRegistrations()).length : 0,
    resources: performance.getEntriesByType('resource').map((entry) => entry.name),
    lightDom: document.documentElement.outerHTML,
    spySeen: window.__hostSpy.seen.length,
    spySent: window.__hostSpy.sent.length,
  }))();
}

/** The strings that would give a reader's answers or results away. */
function secretsOf(answers, expected) {
  const secrets = new Set();
  for (const [questionId, value] of Object.entries(answers)) {
    const question = check.question(questionId);
    for (const id of [value].flat()) {
      if (question.type === 'number') continue;
      secrets.add(check.label(question, id));
      if (!/^\d+$/.test(id) && id.length > 2) secrets.add(id);
    }
  }
  for (const [kind, ids] of [['outcome', [expected.outcome]], ['finding', expected.findings],
                             ['alert', expected.alerts]]) {
    for (const id of ids) {
      secrets.add(id);
      secrets.add(check.text(check.result(kind, id).title));
    }
  }
  return [...secrets];
}

/** The [where, secret] pairs found in `records` that `baseline` did not hold already. */
function leaks(records, baseline, secrets) {
  const found = [];
  const known = baseline.map(([, text]) => text).join('\n');
  for (const secret of secrets) {
    const pattern = new RegExp(`(^|[^\\w-])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`);
    if (pattern.test(known)) continue;
    for (const [where, text] of records) {
      if (pattern.test(text)) {
        found.push([where, secret]);
        break;
      }
    }
  }
  return found;
}

test('the leak search finds a result title in what a host could read', () => {
  const found = leaks([['title', 'Quiz: Happy tears'], ['event keydown', '{"key":"Tab"}']], [],
                      ['Happy tears', 'often']);
  assert.deepEqual(found, [['title', 'Happy tears']]);
});

test('from the first answer to Start again: no request, no storage, nothing for the host',
     {timeout: 180000}, async () => {
  const session = await file.session({initScripts: [violationCounter, hostSpy]});
  try {
    await session.goto(file.server.page('/privacy.html', hostPage(),
                                        {'content-security-policy-report-only': strictCsp}));
    await insert(session, widget(pcd));
    await waitForEvent(session, 'confide-ready');
    // Let the load settle: everything fetched by then is the load's, not an answer's.
    await new Promise((done) => setTimeout(done, 300));
    await session.evaluate(() => window.__hostSpy.walk('baseline'));
    const before = await session.evaluate(pageState);
    const marks = {driver: session.requests.length, protocol: session.protocolRequests.length,
                   server: file.server.log.length,
                   violations: await session.evaluate(() => window.__violations.length)};

    const reader = new Reader(session);
    const random = seededRandom(seed);
    const answers = await walk(reader, check, {random});
    const expected = await cliScore(pcd.file, answers, {publisher: pcd.publisherFile});
    await waitForEvent(session, 'confide-complete');
    await pressAndMove(reader, ui.startAgain);
    // One more answer after starting again, then the step after it.
    const {question} = await currentStep(reader, check);
    await giveAnswer(reader, check, question, question.options[question.options.length - 1].id);
    await pressAndMove(reader, ui.next);
    await session.evaluate(() => window.__hostSpy.walk('end'));
    await new Promise((done) => setTimeout(done, 300));

    const end = await session.evaluate(pageState);
    const cookies = await session.cookies();
    const spy = await session.evaluate(() => ({seen: window.__hostSpy.seen,
                                               sent: window.__hostSpy.sent}));
    const secrets = secretsOf(answers, expected);
    file.note(`privacy: seed ${seed}, ${Object.keys(answers).length} answers, ` +
              `${spy.seen.length - before.spySeen} host observations searched for ` +
              `${secrets.length} secrets`);

    // Every engine has the server's log, resource timing and the host script's patches; the
    // driver's own request events and the protocol's network log only where it has them.
    const {can} = file.browser;
    if (can.requestEvents) {
      assert.deepEqual(session.requests.slice(marks.driver), [], 'no request seen by the driver');
    } else {
      file.note(`privacy: ${file.browser.name} driver sees no request events; server log used`);
    }
    if (can.protocolNetwork) {
      assert.deepEqual(session.protocolRequests.slice(marks.protocol), [],
                       'no request seen by the browser protocol');
    } else {
      file.note(`privacy: ${file.browser.name} driver has no protocol network log`);
    }
    assert.deepEqual(file.server.since(marks.server).map((r) => r.path), [],
                     'no request reached the server');
    assert.deepEqual(await session.evaluate((mark) => window.__violations.slice(mark),
                                            marks.violations), [],
                     'no request to another origin (or anything else the strict policy refuses)');
    assert.deepEqual(spy.sent.slice(before.spySent), [], 'no fetch, XHR, beacon or socket');
    assert.deepEqual(end.resources, before.resources, 'no new resource-timing entry');
    assert.deepEqual(cookies, [], 'no cookie');
    assert.equal(end.cookie, '');
    assert.equal(end.localStorage, 0, 'no localStorage');
    assert.equal(end.sessionStorage, 0, 'no sessionStorage');
    assert.deepEqual(end.indexedDB, [], 'no IndexedDB database');
    assert.deepEqual(end.caches, [], 'no Cache Storage');
    assert.equal(end.serviceWorkers, 0, 'no service worker');
    assert.equal(end.url, before.url, 'the URL is unchanged');
    assert.equal(end.historyLength, before.historyLength, 'history is unchanged');
    assert.equal(end.title, before.title, 'the title is unchanged');
    assert.equal(end.lightDom, before.lightDom, 'the light DOM is unchanged');

    assert.deepEqual(spy.seen.filter(([where]) => where === 'reached a shadow root'), [],
                     'no event handed the host a node inside the widget');
    const events = spy.seen.slice(before.spySeen).filter(([where]) => where.startsWith('event'));
    assert.ok(events.length > 20, `the host script did see the reader's events (${events.length})`);
    assert.deepEqual(leaks(spy.seen.slice(before.spySeen), spy.seen.slice(0, before.spySeen),
                           secrets), [], 'the host script found no answer or result');

    // The violation counter works in this engine: a request to another origin is counted.
    const counted = await session.evaluate(() => window.__violations.length);
    await session.evaluate(() => fetch('http://127.0.0.1:1/privacy-control').catch(() => null));
    await new Promise((done) => setTimeout(done, 200));
    const control = await session.evaluate((mark) => window.__violations.slice(mark), counted);
    assert.ok(control.some((v) => v.directive === 'connect-src'),
              `the counter saw the control request: ${JSON.stringify(control)}`);
  } finally {
    await clear(session).catch(() => {});
    await session.close();
  }
});
