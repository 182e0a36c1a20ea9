// The design's strict Content-Security-Policy: the widget works end to end under it, with its
// content from a file and inline, and the page records no violation at all.

import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {Check, cliScore, runSeed, seededRandom} from './support/content.mjs';
import {clear, hostPage, insert, pcd, setUpFile, waitForEvent, widget}
  from './support/harness.mjs';
import {Reader} from './support/reader.mjs';
import {shownResults, walk} from './support/walk.mjs';
import {strictCsp} from './support/server.mjs';
import {readFile} from 'node:fs/promises';

const violationCounter = `(() => {
  const violations = [];
  Object.defineProperty(window, '__violations', {value: violations});
  const record = (event) => violations.push({directive: event.effectiveDirective,
    blocked: event.blockedURI, sample: event.sample, source: event.sourceFile});
  document.addEventListener('securitypolicyviolation', record, true);
})();`;

const cspMessage = /Content[- ]Security[- ]Policy|Refused to/i;
const seed = runSeed();
let file;
let check;
before(async () => {
  file = await setUpFile(import.meta.url);
  check = await Check.load(pcd.file);
});
after(() => file?.tearDown());

async function completeUnderCsp(name, markup, assessmentFile, publisherFile) {
  const session = await file.session({initScripts: [violationCounter]});
  try {
    const url = file.server.page(`/csp-${name}.html`, hostPage(),
                                 {'content-security-policy': strictCsp});
    await session.goto(url);
    assert.equal(await session.evaluate(() => typeof window.__violations), 'object');
    await insert(session, markup);
    await waitForEvent(session, 'confide-ready');
    const reader = new Reader(session);
    const answers = await walk(reader, check, {random: seededRandom(seed)});
    const expected = await cliScore(assessmentFile, answers, {publisher: publisherFile});
    const shown = shownResults(await reader.snapshot(), check);
    assert.deepEqual(shown, {outcome: expected.outcome, findings: expected.findings,
                             alerts: expected.alerts});
    await waitForEvent(session, 'confide-complete');
    const violations = await session.evaluate(() => window.__violations.slice());
    if (!file.browser.can.browserConsole) {
      file.note(`csp ${name}: ${file.browser.name} driver sees no browser console messages; ` +
                'the securitypolicyviolation counter alone checks the policy');
    }
    const consoleCsp = session.consoleMessages
      .filter((m) => cspMessage.test(m.text));
    assert.deepEqual(violations, [], 'no securitypolicyviolation event');

    assert.deepEqual(consoleCsp, [], 'no CSP message on the console');
    assert.deepEqual(session.pageErrors, [], 'no uncaught error');
    const served = file.server.log.filter((r) => r.path === '/confide/confide.wasm');
    assert.ok(served.length >= 1, 'the wasm was fetched from the page origin');

    // The instruments work in this engine: a request to another origin is refused and counted
    // (and logged, where the driver sees the browser's console).
    await session.evaluate(() => fetch('http://127.0.0.1:1/csp-control').catch(() => null));
    await new Promise((done) => setTimeout(done, 300));
    const control = await session.evaluate(() => window.__violations.slice());
    assert.ok(control.some((v) => v.directive === 'connect-src'),
              `the counter saw the control request: ${JSON.stringify(control)}`);
    if (file.browser.can.browserConsole) {
      assert.ok(session.consoleMessages.some((m) => cspMessage.test(m.text)),
                'the console shows the control request refused');
    }
    file.note(`csp ${name}: seed ${seed}, outcome ${expected.outcome}, 0 violations`);
  } finally {
    await clear(session).catch(() => {});
    await session.close();
  }
}

test('the PCD check with a publisher file works under the strict CSP', {timeout: 90000},
     () => completeUnderCsp('src', widget(pcd), pcd.file, pcd.publisherFile));

test('inline content works under the strict CSP', {timeout: 90000}, async () => {
  const json = (await readFile(pcd.file, 'utf8')).replaceAll('</', '<\\/');
  await completeUnderCsp('inline', widget({src: null, inline: json}), pcd.file, null);
});
