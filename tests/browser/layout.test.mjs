// Loading causes no layout shift: the stylesheet reserves the widget's box before the script
// runs, so the text after the widget never moves, even when the engine arrives late. The widget
// is in the page's HTML from the start here: inserting it later would itself move the text.

import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {clear, events, hostPage, pcd, setUpFile, waitForEvent, widget}
  from './support/harness.mjs';
import {demoPages} from './support/demo.mjs';

// Where the engine has the Layout Instability API (Chromium), its layout-shift entries; in
// every engine, the position of the text after the widget and the widgets' boxes, sampled on
// every frame, so that a shift that comes and goes is seen too. Sampling starts once the
// document is parsed and its stylesheets have loaded: no engine paints before a stylesheet in
// the head has arrived, but WebKit answers getBoundingClientRect with a layout that ignores the
// pending sheet, a box the reader never sees. Each frame records how many widgets were ready.
const layoutObserver = `(() => {
  const shifts = [];
  const frames = [];
  const supported = (PerformanceObserver.supportedEntryTypes ?? []).includes('layout-shift');
  Object.defineProperty(window, '__shifts', {value: shifts});
  Object.defineProperty(window, '__frames', {value: frames});
  Object.defineProperty(window, '__layoutShiftSupported', {value: supported});
  if (supported) {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        shifts.push({value: entry.value, hadRecentInput: entry.hadRecentInput,
                     sources: (entry.sources ?? []).map((s) => s.node?.nodeName ?? null)});
      }
    }).observe({type: 'layout-shift', buffered: true});
  }
  // What follows each widget on the page: the first element after it in document order.
  const nextAfter = (widget) => {
    for (let node = widget; node; node = node.parentElement) {
      if (node.nextElementSibling) return node.nextElementSibling;
    }
    return null;
  };
  let ready = 0;
  document.addEventListener('confide-ready', () => { ready += 1; }, true);
  const sample = () => {
    const after = document.querySelector('[data-after-widget]');
    const afterTop = after ? after.getBoundingClientRect().top + scrollY : null;
    if (frames.length === 0) window.__afterTop = afterTop;
    frames.push({afterTop, ready,
                 // The top of what follows each widget, where it is in view (a shift out of
                 // view is no layout shift), else null.
                 next: [...document.querySelectorAll('confide-check')].map((widget) => {
                   const top = nextAfter(widget)?.getBoundingClientRect().top;
                   return top !== undefined && top < innerHeight ? top + scrollY : null;
                 })});
    if (frames.length < 2000) requestAnimationFrame(sample);
  };
  const sheetsLoaded = () => Promise.all(
    [...document.querySelectorAll('link[rel~="stylesheet"]')].filter((link) => !link.sheet)
      .map((link) => new Promise((done) => {
        link.addEventListener('load', done, {once: true});
        link.addEventListener('error', done, {once: true});
      })));
  document.addEventListener('DOMContentLoaded', async () => {
    await sheetsLoaded();
    requestAnimationFrame(sample);
  });
})();`;

let file;
before(async () => {
  file = await setUpFile(import.meta.url);
});
after(() => file?.tearDown());

async function measure(url, {viewport, widgets = 1, whileLoading = false}) {
  const session = await file.session({initScripts: [layoutObserver], viewport});
  try {
    await session.goto(url);
    for (let index = 0; index < widgets; index++) {
      await waitForEvent(session, 'confide-ready', {index, timeout: 15000});
    }
    await new Promise((done) => setTimeout(done, 500));
    const result = await session.evaluate((widgetCount) => {
      const after = document.querySelector('[data-after-widget]');
      const frames = window.__frames.slice();
      const moves = frames.filter((f, i) => i > 0 && (f.afterTop !== frames[0].afterTop ||
        f.next.some((top, w) => top !== null && frames[0].next[w] !== null && top !== frames[0].next[w])));
      return {shifts: window.__shifts.slice(), supported: window.__layoutShiftSupported,
              total: window.__shifts.reduce((sum, s) => sum + s.value, 0),
              frames: frames.length, first: frames[0] ?? null, moves: moves.slice(0, 5),
              loading: frames.filter((f) => f.ready === 0).length,
              settled: frames.filter((f) => f.ready === widgetCount).length,
              afterTop: window.__afterTop ?? null,
              afterTopNow: after ? after.getBoundingClientRect().top + scrollY : null};
    }, widgets);
    assert.deepEqual(session.pageErrors, []);
    assert.ok(!(await events(session)).some((e) => e.type === 'confide-error'));
    if (!result.supported) {
      file.note(`layout: ${file.browser.name} has no layout-shift entries; ` +
                `checked on ${result.frames} frames instead`);
    }
    // The frames must span the load: the first from before the engine (or, on a fast load, the
    // first paint), and frames after every widget has drawn its first step.
    assert.ok(result.settled >= 2,
              `frames were sampled after the check was ready (${result.settled} of ${result.frames})`);
    if (whileLoading) {
      assert.ok(result.loading >= 2,
                `frames were sampled while the engine loaded (${result.loading} of ${result.frames})`);
    }
    assert.deepEqual(result.moves, [], `nothing moved on any frame from ${JSON.stringify(result.first)}`);
    return result;
  } finally {
    await clear(session).catch(() => {});
    await session.close();
  }
}

const article = (markup) => hostPage({body: ''}).replace('<div id="slot"></div>',
  `<div id="slot">${markup}</div>`).replace('<p>Text after the check',
  '<p data-after-widget>Text after the check');

for (const viewport of [{width: 1000, height: 1600}, {width: 375, height: 1400}]) {
  test(`no layout shift while the check loads (${viewport.width} px, engine 800 ms late)`,
       {timeout: 60000}, async () => {
    file.server.route('/confide/confide.wasm', {delayMs: 800});
    try {
      const url = file.server.page(`/layout-${viewport.width}.html`, article(widget(pcd)));
      const result = await measure(url, {viewport, whileLoading: true});
      assert.equal(result.total, 0, `layout-shift total is 0: ${JSON.stringify(result.shifts)}; ` +
                   `the text after the widget moved from ${result.afterTop} to ${result.afterTopNow}`);
      assert.equal(result.afterTopNow, result.afterTop, 'the text after the widget did not move');
      file.note(`layout ${viewport.width} px: total shift ${result.total}`);
    } finally {
      file.server.reset();
    }
  });
}

test('no layout shift on the demo pages', {timeout: 180000}, async () => {
  const pages = demoPages();
  assert.ok(pages.length > 0, 'the demo has pages with the widget');
  const shifted = [];
  for (const page of pages) {
    const result = await measure(file.server.origin + page.path,
                                 {viewport: {width: 1000, height: 1600}, widgets: page.widgets});
    file.note(`layout ${page.path}: total shift ${result.total}`);
    if (result.total !== 0) shifted.push(`${page.path}: ${JSON.stringify(result.shifts)}`);
  }
  assert.deepEqual(shifted, [], 'layout-shift total is 0 on every demo page');
});
