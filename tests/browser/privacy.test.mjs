// Privacy: once the widget is ready, nothing leaves the page and nothing is kept. From the
// first answer through the results and "Start again": no request of any kind (seen by the
// driver, the browser's protocol, the page's resource timing and the server's own log), no
// cookie, no storage, the same URL, history and title; and a nosy host script that listens to
// every event, walks the light DOM and patches every way out finds no answer, score or result.

import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {after, before, test} from 'node:test';
import {Check, cliScore, fixtures, runSeed, seededRandom} from './support/content.mjs';
import {clear, events, hostPage, insert, pcd, setUpFile, waitForEvent, widget}
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
let steps;
let hostSpy;
before(async () => {
  file = await setUpFile(import.meta.url);
  check = await Check.load(pcd.file);
  steps = await Check.load(`${fixtures}/steps.json`);
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
function secretsOf(check, answers, expected) {
  const secrets = new Set();
  for (const [questionId, value] of Object.entries(answers)) {
    const question = check.question(questionId);
    for (const id of [value].flat()) {
      // A number stands for itself where it has at least 3 digits (fewer are everywhere).
      if (question.type === 'number') {
        if (String(id).length > 2) secrets.add(String(id));
        continue;
      }
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

/**
 * Opens the host page with the violation counter and the nosy host script, inserts `markup`
 * and waits for confide-ready and for the load to settle. Returns what the page held then.
 */
async function spiedLoad(session, markup) {
  await session.goto(file.server.page('/privacy.html', hostPage(),
                                      {'content-security-policy-report-only': strictCsp}));
  await insert(session, markup);
  await waitForEvent(session, 'confide-ready');
  // Let the load settle: everything fetched by then is the load's, not an answer's.
  await new Promise((done) => setTimeout(done, 300));
  await session.evaluate(() => window.__hostSpy.walk('baseline'));
  const before = await session.evaluate(pageState);
  const marks = {driver: session.requests.length, protocol: session.protocolRequests.length,
                 server: file.server.log.length,
                 violations: await session.evaluate(() => window.__violations.length)};
  return {before, marks};
}

/**
 * Since `marks`: no request by any way the engine lets us see, no cookie or storage, the same
 * URL, history, title and light DOM (with the widget's attributes), no event of the widget's
 * with data, and no event that hands the host a node inside the widget. Returns the page's
 * state and what the host script saw.
 */
async function assertNothingLeft(session, {before, marks}) {
  await session.evaluate(() => window.__hostSpy.walk('end'));
  await new Promise((done) => setTimeout(done, 300));
  const end = await session.evaluate(pageState);
  const cookies = await session.cookies();
  const spy = await session.evaluate(() => ({seen: window.__hostSpy.seen,
                                             sent: window.__hostSpy.sent}));
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
  for (const event of await events(session)) {
    assert.equal(event.detail, 'null', `${event.type} carries no data`);
  }
  assert.deepEqual(spy.seen.filter(([where]) => where === 'reached a shadow root'), [],
                   'no event handed the host a node inside the widget');
  return {end, seen: spy.seen.slice(before.spySeen), baseline: spy.seen.slice(0, before.spySeen)};
}

test('from the first answer to Start again: no request, no storage, nothing for the host',
     {timeout: 180000}, async () => {
  const session = await file.session({initScripts: [violationCounter, hostSpy]});
  try {
    const loaded = await spiedLoad(session, widget(pcd));
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

    const {seen, baseline} = await assertNothingLeft(session, loaded);
    const secrets = secretsOf(check, answers, expected);
    file.note(`privacy: seed ${seed}, ${Object.keys(answers).length} answers, ` +
              `${seen.length} host observations searched for ${secrets.length} secrets`);
    const observed = seen.filter(([where]) => where.startsWith('event'));
    assert.ok(observed.length > 20, `the host script did see the reader's events (${observed.length})`);
    assert.deepEqual(leaks(seen, baseline, secrets), [], 'the host script found no answer or result');

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

// The events a browser itself sends for typing, composed, so a capture listener on window
// sees them before the widget can act (a platform limit, as on any page): each key pressed,
// and the characters an input event inserts.
const typingEvents = new Set(['event keydown', 'event keyup', 'event keypress', 'event beforeinput',
                              'event input', 'event textInput', 'event textinput',
                              'event compositionupdate', 'event compositionend']);

test('a typed number: nothing the widget controls shows it, the host sees only the keys',
     {timeout: 120000}, async () => {
  const session = await file.session({initScripts: [violationCounter, hostSpy]});
  try {
    const loaded = await spiedLoad(session, widget({src: '/fixtures/steps.json'}));
    const reader = new Reader(session);
    const answers = await walk(reader, steps, {choose: (question) =>
      ({steps: 27183, mood: 'fine'})[question.id] ?? null});
    assert.deepEqual(answers, {steps: 27183, mood: 'fine'});
    const expected = await cliScore(steps.path, answers);
    await waitForEvent(session, 'confide-complete');
    const {seen, baseline} = await assertNothingLeft(session, loaded);

    // Everything but the browser's own typing events: neither the number nor a result.
    const secrets = [...secretsOf(steps, answers, expected), '27183'];
    assert.deepEqual(leaks(seen.filter(([where]) => !typingEvents.has(where)), baseline, secrets),
                     [], 'outside the typing events, the host script found no answer or result');
    // The typing events: the platform hands a host's capture listener each character typed
    // (README, privacy). They give away no result, and no node inside the widget (above).
    assert.deepEqual(leaks(seen.filter(([where]) => typingEvents.has(where)), baseline,
                           secretsOf(steps, {}, expected)), [], 'typing events hold no result');
    const keys = seen.filter(([where]) => where === 'event keydown').map(([, text]) => JSON.parse(text))
      .filter((event) => event.currentTarget === 'window').map((event) => event.key).filter((key) => /^\d$/.test(key)).join('');
    assert.equal(keys, '27183', 'as on any page, the host sees the digits typed, one key at a time');
  } finally {
    await clear(session).catch(() => {});
    await session.close();
  }
});

// Happy tears, rarely, and no low mood, anxiety or pain: the retail publisher shows its
// aftercare products, conversation cards and massage oil, each with an image.
const aftercare = {frequency: 'rarely', feelings: ['crying'], tears: 'happy', duration: 'minutes',
                   impact: 'hardly', context: ['none'], periods: 'no', phq2_1: '0', phq2_2: '0',
                   gad2_1: '0', gad2_2: '0', pain: 'never'};
const retail = {...pcd, publisher: '/confide/publishers/retail-demo.json'};
const failedImage = '/confide/img/conversation-cards.svg';
const loadedImage = '/confide/img/massage-oil.svg';

test('an image that failed at load is not drawn on the results, nor asked for again',
     {timeout: 90000}, async () => {
  file.server.route(failedImage, {status: 404, headers: {'content-type': 'text/plain'},
                                  body: 'not found'});
  const session = await file.session();
  try {
    await session.goto(file.server.page('/images.html', hostPage()));
    await insert(session, widget(retail));
    await waitForEvent(session, 'confide-ready');
    assert.ok(file.server.log.some((r) => r.path === failedImage && r.status === 404),
              'the image was asked for at load, and failed');
    const mark = {server: file.server.log.length, driver: session.requests.length};
    const reader = new Reader(session);
    await walk(reader, check, {choose: (question) => aftercare[question.id] ?? null});
    const results = await reader.snapshot({full: true});
    assert.ok(results.text.includes('Conversation cards for couples') &&
              results.text.includes('Unscented massage oil'), 'both products are shown');
    await new Promise((done) => setTimeout(done, 300));
    assert.deepEqual(file.server.since(mark.server).map((r) => r.path), [],
                     'no request reached the server after confide-ready');
    if (file.browser.can.requestEvents) {
      // Firefox's driver reports the drawn image's load from its image cache as a request,
      // marked fromCache: nothing reached the network (nor the server, above).
      const requests = session.requests.slice(mark.driver);
      const cached = requests.filter((request) => request.fromCache);
      if (cached.length) file.note(`privacy: ${cached.length} load(s) from the browser's cache`);
      assert.deepEqual(requests.filter((request) => !request.fromCache), [],
                       'no request seen by the driver');
    }
    const sources = results.attributes.filter(([tag, name]) => tag === 'img' && name === 'src')
      .map(([, , value]) => value);
    assert.deepEqual(sources, [loadedImage], 'only the image that arrived is drawn');
  } finally {
    file.server.reset();
    await clear(session).catch(() => {});
    await session.close();
  }
});

// Records, on every frame until confide-ready and at it, whether the widget offers an input
// (the root is forced open for this: the test looks inside it) and whether it is busy.
const readyWatch = `(() => {
  const frames = [];
  Object.defineProperty(window, '__readyWatch', {value: frames});
  const state = (ready) => {
    const root = document.querySelector('confide-check')?.shadowRoot;
    return {ready, inputs: root ? root.querySelectorAll('input, button').length : 0,
            busy: !!root?.querySelector('[aria-busy="true"]')};
  };
  let ready = false;
  document.addEventListener('confide-ready', () => {
    ready = true;
    frames.push(state(true));
  }, true);
  const sample = () => {
    if (ready) return;
    frames.push(state(false));
    requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
})();`;

test('the first step is drawn, and aria-busy removed, with confide-ready: not while an image loads',
     {timeout: 60000}, async () => {
  file.server.route(loadedImage, {delayMs: 2500});
  const session = await file.session({openShadowRoots: true, initScripts: [readyWatch]});
  try {
    await session.goto(file.server.page('/ready.html', hostPage()));
    await insert(session, widget(retail));
    await waitForEvent(session, 'confide-ready', {timeout: 15000});
    const frames = await session.evaluate(() => window.__readyWatch.slice());
    const waiting = frames.filter((frame) => !frame.ready);
    assert.ok(waiting.length > 20, `frames sampled while the image loads (${waiting.length})`);
    assert.deepEqual(waiting.filter((frame) => frame.inputs > 0), [],
                     'no input or button before confide-ready');
    assert.ok(waiting.slice(-5).every((frame) => frame.busy), 'busy until confide-ready');
    const atReady = frames.find((frame) => frame.ready);
    assert.ok(atReady.inputs > 0, 'the first step is usable at confide-ready');
    assert.equal(atReady.busy, false, 'aria-busy is gone at confide-ready');
  } finally {
    file.server.reset();
    await clear(session).catch(() => {});
    await session.close();
  }
});
