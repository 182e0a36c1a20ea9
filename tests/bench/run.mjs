#!/usr/bin/env node
// The browser benchmark: Confide beside the plain-form floor and SurveyJS, the way a
// publisher's performance engineer would measure a third-party widget, and the budgets listed
// in RESULTS.md ("Budgets") checked. Run it through scripts/bench (which checks that the bundle is built).
//
// Environment: LOADS (cold loads per page and profile, default 10), CYCLES ("Start again"
// cycles, default 1000), WARMUP (cycles before those, default 1000), WALKS (clicked walks
// through PHQ-9 per page, default 5), SEED (page order), OUT (the JSON file, default build/bench/results.json), CONFIDE_DIST, CHROMIUM,
// PROFILES (comma list of unthrottled,mobile).

import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {cpus} from 'node:os';
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';
import {PAYLOAD_BUDGET_BYTES, REQUEST_BUDGET, dynamicCode, widgetFiles} from './payload.mjs';
import {blankPage, confidePage, embedSnippet, floorPage, surveyPage} from './pages.mjs';
import {probe, wasmTimer} from './probe.mjs';
import {STRICT_CSP, startBenchServer} from './server.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = resolve(process.env.CONFIDE_DIST ?? `${repo}/build/wasm/dist`);
const LOADS = Number(process.env.LOADS ?? 10);
const CYCLES = Number(process.env.CYCLES ?? 1000);
const WARMUP = Number(process.env.WARMUP ?? 1000);
const WALKS = Number(process.env.WALKS ?? 5);
const SEED = Number(process.env.SEED ?? (Date.now() % 100000));
const OUT = resolve(process.env.OUT ?? `${repo}/build/bench/results.json`);
const PROFILE_NAMES = (process.env.PROFILES ?? 'unthrottled,mobile').split(',');

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'];

const PROFILES = {
  unthrottled: {cpu: 1, network: null},
  // 4x CPU slowdown, 150 ms round trip, 1.6 Mbps down (750 kbps up), as Lighthouse's mobile.
  mobile: {cpu: 4, network: {offline: false, latency: 150, downloadThroughput: 1.6e6 / 8,
                             uploadThroughput: 750e3 / 8}},
};

const KINDS = ['blank', 'floor', 'confide', 'pcd', 'surveyjs'];
const LABEL = {blank: 'blank article', floor: 'floor (plain form)', confide: 'Confide PHQ-9',
               pcd: 'Confide PCD', surveyjs: 'SurveyJS PHQ-9'};
// Content is what the check asks, not the widget: the budget excludes it.
const isContent = (path) => /\.json$|\/img\//.test(path);

// ---------------------------------------------------------------------------------------------
// Statistics

function quantile(values, q) {
  const sorted = values.filter((v) => v != null && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}
const summary = (values) => ({median: quantile(values, 0.5), p25: quantile(values, 0.25),
                              p75: quantile(values, 0.75), p95: quantile(values, 0.95),
                              n: values.filter((v) => v != null).length});

function seeded(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}
function shuffle(list, random) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// Static facts

/** The wasm module's memory limits, from its binary: {imported, initial, maximum} in bytes. */
function wasmMemoryLimits(bytes) {
  let at = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(byte & 0x80)) return result;
    }
  };
  const name = () => {
    const length = leb();
    const value = bytes.subarray(at, at + length).toString('utf8');
    at += length;
    return value;
  };
  const limits = () => {
    const flags = bytes[at++];
    const initial = leb() * 65536;
    const maximum = flags & 1 ? leb() * 65536 : null;
    return {initial, maximum};
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id === 2) {  // imports
      for (let count = leb(); count > 0; count--) {
        name();
        name();
        const kind = bytes[at++];
        if (kind === 0) leb();
        else if (kind === 1) { at++; limits(); } else if (kind === 2) return {imported: true, ...limits()};
        else if (kind === 3) at += 2;
      }
    } else if (id === 5) {
      leb();
      return {imported: false, ...limits()};
    }
    at = end;
  }
  return null;
}

function versions() {
  const read = (file) => JSON.parse(readFileSync(file, 'utf8')).version;
  const run = (command, args) => {
    try {
      return execFileSync(command, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim();
    } catch {
      return null;
    }
  };
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown';
  return {
    date: new Date().toISOString(),
    nproc: Number(run('nproc', []) ?? cpus().length),
    cpu,
    load: readFileSync('/proc/loadavg', 'utf8').trim(),
    node: process.version,
    chromium: run(process.env.CHROMIUM ?? '/usr/bin/chromium', ['--version']),
    emscripten: run('emcc', ['--version'])?.split('\n')[0].match(/\d+\.\d+\.\d+/)?.[0] ?? null,
    surveyCore: read(`${repo}/node_modules/survey-core/package.json`),
    surveyJsUi: read(`${repo}/node_modules/survey-js-ui/package.json`),
    playwrightCore: read(`${repo}/node_modules/playwright-core/package.json`),
  };
}

// ---------------------------------------------------------------------------------------------
// One cold load

// The probe says that the page is interactive (or failed) through this binding. Polling from
// here (waitForFunction) would inject Playwright's script into the page while it starts, and
// evaluating it (≈ 20 ms, ≈ 100 ms at 4× CPU) would land inside the start being measured, before
// the frame that ends it, of every page that becomes interactive after its load event.
const SIGNAL = '__benchSignal';

async function newSession(browser, {initScripts = [probe]} = {}) {
  const context = await browser.newContext({viewport: {width: 1000, height: 800}});
  for (const script of initScripts) await context.addInitScript(script);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const signals = {seen: [], wake: null};
  cdp.on('Runtime.bindingCalled', (event) => {
    if (event.name !== SIGNAL) return;
    signals.seen.push(event.payload);
    signals.wake?.();
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', {name: SIGNAL});
  return {context, page, cdp, signals};
}

async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const {metrics} = await cdp.send('Performance.getMetrics');
  const get = (name) => metrics.find((m) => m.name === name)?.value ?? null;
  return {jsHeapUsed: get('JSHeapUsedSize'), nodes: get('Nodes')};
}

/** Waits for the probe's signal that the page is interactive (or failed); forgets it after. */
async function waitInteractive({signals}, timeout) {
  const end = Date.now() + timeout;
  while (!signals.seen.length) {
    const left = end - Date.now();
    if (left <= 0) throw new Error(`not interactive within ${timeout} ms`);
    await new Promise((wake) => {
      signals.wake = wake;
      setTimeout(wake, left);
    });
  }
  signals.seen.length = 0;
}

async function coldLoad(browser, server, kind, profileName) {
  const profile = PROFILES[profileName];
  const session = await newSession(browser, {initScripts: [probe, wasmTimer]});
  const {context, page, cdp} = session;
  try {
    const responses = new Map();
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', {cacheDisabled: true});
    cdp.on('Network.requestWillBeSent', (e) => {
      responses.set(e.requestId, {url: e.request.url, start: e.timestamp, bytes: 0, status: 0});
    });
    cdp.on('Network.responseReceived', (e) => {
      const r = responses.get(e.requestId);
      if (r) r.status = e.response.status;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = responses.get(e.requestId);
      if (r) r.bytes = e.encodedDataLength;
    });
    if (profile.cpu !== 1) await cdp.send('Emulation.setCPUThrottlingRate', {rate: profile.cpu});
    if (profile.network) await cdp.send('Network.emulateNetworkConditions', profile.network);

    await page.goto(`${server.origin}/${kind}.html`, {waitUntil: 'load', timeout: 120000});
    await waitInteractive(session, 120000);
    // Let late shifts and long tasks land.
    await page.waitForTimeout(600);
    const data = await page.evaluate(() => {
      const B = window.__bench;
      const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
      return {
        marks: B.marks, fcp: paint, errors: B.errors, violations: B.violations,
        longtasks: B.longtasks, shifts: B.shifts, elements: B.elements(),
        memories: B.memories.map((m) => ({initial: m.initial, now: m.memory.buffer.byteLength})),
        wasmTotal: B.wasm.total ?? null, wasmCalls: B.wasm.log ?? [],
        resources: performance.getEntriesByType('resource').map((r) => ({
          path: new URL(r.name).pathname, start: r.startTime, responseEnd: r.responseEnd,
          transfer: r.transferSize})),
      };
    });
    if (profile.cpu !== 1) await cdp.send('Emulation.setCPUThrottlingRate', {rate: 1});
    const heap = await heapAfterGc(cdp);
    const tti = data.marks.readyFrame != null && data.fcp != null
      ? Math.max(data.fcp, data.marks.readyFrame) : null;
    const requests = [...responses.values()].map((r) => ({path: new URL(r.url).pathname,
                                                         bytes: r.bytes, status: r.status}));
    return {
      kind, profile: profileName, tti, fcp: data.fcp, ready: data.marks.ready ?? null,
      marks: data.marks, errors: data.errors,
      longTaskBeforeTti: data.longtasks.filter((t) => tti != null && t.start < tti)
        .reduce((sum, t) => sum + t.duration, 0),
      longTasks: data.longtasks.length,
      layoutShift: data.shifts.reduce((sum, s) => sum + s.value, 0),
      elements: data.elements, jsHeap: heap.jsHeapUsed, nodes: heap.nodes,
      wasmMemory: data.memories[0] ?? null, resources: data.resources, requests,
      wasmTotal: data.wasmTotal, wasmLongest: Math.max(0, ...data.wasmCalls.map((c) => c.ms)),
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Interaction: real clicks (Playwright mouse input), latency seen in the page

const ISOLATED = {'cross-origin-opener-policy': 'same-origin',
                  'cross-origin-embedder-policy': 'require-corp'};

async function clickAndWait(page, locator, label) {
  const before = await page.evaluate((l) => {
    window.__bench.arm(l);
    return window.__bench.lat.samples.length;
  }, label);
  await locator.click();
  await page.waitForFunction((n) => window.__bench.lat.samples.length > n, before,
                             {timeout: 10000, polling: 10});
}

async function interactions(browser, server, kind) {
  const session = await newSession(browser, {initScripts: [probe, wasmTimer]});
  const {context, page} = session;
  try {
    await page.goto(`${server.origin}/i-${kind}.html`, {waitUntil: 'load'});
    await waitInteractive(session, 60000);
    const errors = await page.evaluate(() => window.__bench.errors);
    if (errors.some((e) => e.startsWith('confide-error'))) throw new Error(errors.join('; '));
    const clock = await page.evaluate(() => {
      let min = Infinity;
      let last = performance.now();
      for (let i = 0; i < 200000 && min > 0.0011; i++) {
        const t = performance.now();
        if (t > last) { min = Math.min(min, t - last); last = t; }
      }
      return {isolated: crossOriginIsolated, resolutionMs: min};
    });
    const samples = [];
    for (let walk = 0; walk < WALKS; walk++) {
      for (let step = 0; step < 9; step++) {
        const option = (step + walk) % 4;
        if (kind === 'floor') {
          await clickAndWait(page, page.locator('fieldset').nth(step).locator('label').nth(option), 'answer');
        } else if (kind === 'confide') {
          await clickAndWait(page, page.locator('confide-check fieldset label').nth(option), 'answer');
          await clickAndWait(page, page.locator('confide-check form button[type="submit"]'), 'next');
        } else {
          await clickAndWait(page, page.locator('#survey .sd-question .sd-item label').nth(option), 'answer');
          const button = step < 8 ? '#survey input.sd-navigation__next-btn, #survey .sd-navigation__next-btn'
            : '#survey input.sd-navigation__complete-btn, #survey .sd-navigation__complete-btn';
          await clickAndWait(page, page.locator(button).first(), step < 8 ? 'next' : 'complete');
        }
      }
      if (kind === 'confide') {
        await clickAndWait(page, page.locator('confide-check [data-action="restart"]'), 'restart');
      } else if (walk < WALKS - 1) {
        samples.push(...await page.evaluate(() => window.__bench.lat.samples));
        // SurveyJS has no "Start again" (and its clear() leaves the one-question-per-page mode
        // on the first page): the next walk starts from a fresh load, as does the floor's.
        await page.reload({waitUntil: 'load'});
        await waitInteractive(session, 60000);
      }
    }
    samples.push(...await page.evaluate(() => window.__bench.lat.samples));
    // Engine time per action over many more actions, driven from the page (element.click()
    // through the same handlers, no input events): answer, Continue, ..., Start again.
    let engine = null;
    if (kind === 'confide') {
      engine = await page.evaluate((walks) => {
        const B = window.__bench;
        const root = B.roots[0];
        const timed = [];
        const act = (label, element) => {
          if (!element) throw new Error(`no element for ${label}`);
          B.wasm.acc = 0;
          B.wasm.calls = 0;
          element.click();
          timed.push({label, us: B.wasm.acc * 1000, calls: B.wasm.calls});
        };
        for (let walk = 0; walk < walks; walk++) {
          for (let step = 0; step < 9; step++) {
            act('answer', root.querySelectorAll('fieldset input[type="radio"]')[(step + walk) % 4]);
            act('next', root.querySelector('form button[type="submit"]'));
          }
          act('restart', root.querySelector('[data-action="restart"]'));
        }
        return timed;
      }, 30);
    }
    return {kind, clock, samples, engine};
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 1,000 "Start again" cycles: heap and wasm memory before and after

async function restartCycles(browser, server) {
  const session = await newSession(browser);
  const {context, page, cdp} = session;
  try {
    await page.goto(`${server.origin}/confide.html`, {waitUntil: 'load'});
    await waitInteractive(session, 60000);
    const cycle = (count) => page.evaluate((n) => {
      const root = window.__bench.roots[0];
      for (let c = 0; c < n; c++) {
        for (let step = 0; step < 9; step++) {
          const radios = root.querySelectorAll('fieldset input[type="radio"]');
          if (radios.length !== 4) throw new Error(`cycle ${c} step ${step}: no question`);
          radios[(c + step) % 4].click();
          root.querySelector('form button[type="submit"]').click();
        }
        const restart = root.querySelector('[data-action="restart"]');
        if (!restart) throw new Error(`cycle ${c}: no results page`);
        restart.click();
      }
      return window.__bench.memories[0]?.memory.buffer.byteLength ?? null;
    }, count);
    const measure = async () => {
      const wasm = await cycle(0);
      const heap = await heapAfterGc(cdp);
      const elements = await page.evaluate(() => window.__bench.elements());
      return {wasm, jsHeap: heap.jsHeapUsed, nodes: heap.nodes, elements};
    };
    // Warm up: the first results pages, the JIT, the allocator's pools. After GC the JS heap
    // rises by ≈ 50 kB over the first 1,500 cycles while V8 gathers type feedback and compiles
    // (less and less per cycle), then stays nearly flat; a leak keeps rising at its own rate.
    // So the cycles measured come after as many warm-up cycles, the heap is also read half-way,
    // and the check looks at the second half.
    const cycles = async (count) => {
      for (let done = 0; done < count; done += 50) await cycle(Math.min(50, count - done));
    };
    await cycles(WARMUP);
    const before = await measure();
    const started = Date.now();
    const firstHalf = Math.floor(CYCLES / 2);
    await cycles(firstHalf);
    const half = await measure();
    await cycles(CYCLES - firstHalf);
    const seconds = (Date.now() - started) / 1000;
    const after = await measure();
    return {cycles: CYCLES, warmup: WARMUP, seconds, before, half, after};
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The strict Content-Security-Policy: no 'unsafe-eval'

async function cspRun(browser, server) {
  const session = await newSession(browser);
  const {context, page} = session;
  try {
    await page.goto(`${server.origin}/csp-confide.html`, {waitUntil: 'load'});
    let ready = true;
    try {
      await waitInteractive(session, 30000);
    } catch {
      ready = false;
    }
    const data = await page.evaluate(() => ({marks: window.__bench.marks,
                                             violations: window.__bench.violations,
                                             errors: window.__bench.errors}));
    return {policy: STRICT_CSP, ready: ready && 'ready' in data.marks && !data.errors.length,
            violations: data.violations, errors: data.errors};
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (v, digits = 0) => (v == null ? '—' : Number(v).toFixed(digits));
const kB = (v) => (v == null ? '—' : (v / 1000).toFixed(1));
const range = (s, digits = 0, scale = 1) => s.median == null ? '—'
  : `${fmt(s.median * scale, digits)} [${fmt(s.p25 * scale, digits)}–${fmt(s.p75 * scale, digits)}]`;

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

async function main() {
  if (!existsSync(`${dist}/confide.js`)) {
    throw new Error(`${dist}/confide.js is missing: build the bundle first`);
  }
  const phq9 = JSON.parse(readFileSync(`${repo}/content/phq9.json`, 'utf8'));
  const server = await startBenchServer({mounts: [
    ['/confide/', dist],
    ['/sjs/survey-core/', `${repo}/node_modules/survey-core`],
    ['/sjs/survey-js-ui/', `${repo}/node_modules/survey-js-ui`],
  ]});
  const pages = {
    blank: blankPage(),
    floor: floorPage(phq9),
    confide: confidePage(dist, {title: 'Confide PHQ-9'}),
    pcd: confidePage(dist, {src: '/confide/pcd.json', publisher: '/confide/publishers/health-demo.json',
                            title: 'Confide PCD'}),
    surveyjs: surveyPage(phq9),
  };
  for (const [kind, html] of Object.entries(pages)) {
    server.page(`/${kind}.html`, html);
    server.page(`/i-${kind}.html`, html, ISOLATED);
  }
  server.page('/csp-confide.html', pages.confide, {'content-security-policy': STRICT_CSP});

  const facts = versions();
  const browser = await chromium.launch({executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
                                         args: chromiumArgs});
  facts.chromiumDriven = browser.version();
  console.log(`bench: ${facts.date}, ${facts.nproc} × ${facts.cpu}, load ${facts.load}`);
  console.log(`bench: Chromium ${facts.chromiumDriven}, Node ${facts.node}, Emscripten ` +
              `${facts.emscripten}, survey-core ${facts.surveyCore}, survey-js-ui ${facts.surveyJsUi}`);
  console.log(`bench: ${LOADS} cold loads per page and profile, seed ${SEED}, bundle ${dist}` +
              `${embedSnippet(dist).fromEmbed ? ' (its embed.html)' : ''}`);
  const started = Date.now();
  const random = seeded(SEED);
  const loads = [];
  try {
    for (const profileName of PROFILE_NAMES) {
      const order = shuffle(KINDS.flatMap((kind) => Array(LOADS).fill(kind)), random);
      process.stdout.write(`bench: ${profileName}: ${KINDS.length} warm-up loads (not counted), ${order.length} loads `);
      // One load of each page first, not counted: the server compresses each file once, the
      // browser's process pool settles.
      for (const kind of KINDS) await coldLoad(browser, server, kind, profileName).catch(() => {});
      for (const kind of order) {
        try {
          loads.push(await coldLoad(browser, server, kind, profileName));
          process.stdout.write('.');
        } catch (error) {
          loads.push({kind, profile: profileName, failed: String(error.message ?? error).split('\n')[0]});
          process.stdout.write('x');
        }
      }
      process.stdout.write(` ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
    process.stdout.write('bench: clicks ');
    const clicks = {};
    for (const kind of ['floor', 'confide', 'surveyjs']) {
      try {
        clicks[kind] = await interactions(browser, server, kind);
      } catch (error) {
        clicks[kind] = {kind, failed: String(error.message ?? error).split('\n')[0]};
      }
      process.stdout.write(`${kind} `);
    }
    process.stdout.write(`${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    process.stdout.write(`bench: ${CYCLES} Start again cycles `);
    let cycles;
    try {
      cycles = await restartCycles(browser, server);
    } catch (error) {
      cycles = {failed: String(error.message ?? error)};
    }
    process.stdout.write(`${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    const csp = await cspRun(browser, server);

    let native = null;
    const nativeBench = `${repo}/build/native/tests/confide_bench`;
    if (existsSync(nativeBench)) {
      try {
        native = execFileSync(nativeBench, ['2000'], {encoding: 'utf8'}).trim().split('\n');
      } catch (error) {
        native = [`confide_bench failed: ${error.message}`];
      }
    }
    const results = await report({facts, loads, clicks, cycles, csp, native, server});
    results.seconds = (Date.now() - started) / 1000;
    mkdirSync(dirname(OUT), {recursive: true});
    writeFileSync(OUT, JSON.stringify(results, null, 1));
    console.log(`\nbench: ${results.seconds.toFixed(0)} s; JSON in ${OUT}`);
    process.exitCode = results.budgets.every((b) => b.pass !== false) ? 0 : 1;
  } finally {
    await browser.close();
    await server.close();
  }
}

async function report({facts, loads, clicks, cycles, csp, native, server}) {
  const ok = loads.filter((l) => !l.failed && l.tti != null);
  const failedLoads = loads.filter((l) => l.failed || l.tti == null);
  const of = (profile, kind) => ok.filter((l) => l.profile === profile && l.kind === kind);
  const stat = (profile, kind, pick) => summary(of(profile, kind).map(pick));

  // Payload, from the requests the pages made (the first cold load of each kind).
  const payload = {};
  for (const kind of KINDS) {
    const load = ok.find((l) => l.kind === kind && l.profile === PROFILE_NAMES[0]);
    if (!load) continue;
    const files = [];
    for (const request of load.requests) {
      if (request.path === `/${kind}.html` || request.path === '/favicon.ico') continue;
      const sizes = await server.sizes(request.path);
      files.push({path: request.path, wire: request.bytes, status: request.status,
                  content: isContent(request.path), raw: sizes?.raw ?? null, brotli: sizes?.brotli ?? null});
    }
    const documentSizes = await server.sizes(`/${kind}.html`);
    const widget = files.filter((f) => !f.content);
    const sum = (list, key) => list.reduce((s, f) => s + (f[key] ?? 0), 0);
    const documentRequest = load.requests.find((r) => r.path === `/${kind}.html`);
    payload[kind] = {
      files, document: {...documentSizes, wire: documentRequest?.bytes ?? null},
      widgetRequests: widget.length, widgetBrotli: sum(widget, 'brotli'), widgetRaw: sum(widget, 'raw'),
      widgetWire: sum(widget, 'wire'), contentRequests: files.length - widget.length,
      contentBrotli: sum(files.filter((f) => f.content), 'brotli'),
      allRequests: load.requests.length, allWire: sum(load.requests, 'bytes'),
    };
  }
  // The floor's widget is its form and script inside the document: the document minus the blank.
  if (payload.floor && payload.blank) {
    payload.floor.inlineBrotli = payload.floor.document.brotli - payload.blank.document.brotli;
  }
  const encoding = server.log.find((r) => r.encoding)?.encoding ?? 'none';
  const accept = server.log[0]?.accept ?? '';

  const profiles = {};
  for (const profile of PROFILE_NAMES) {
    const floorTti = stat(profile, 'floor', (l) => l.tti).median;
    const blankHeap = stat(profile, 'blank', (l) => l.jsHeap).median;
    const blankElements = stat(profile, 'blank', (l) => l.elements).median;
    const floorLong = stat(profile, 'floor', (l) => l.longTaskBeforeTti).median;
    profiles[profile] = {};
    for (const kind of KINDS) {
      const tti = stat(profile, kind, (l) => l.tti);
      profiles[profile][kind] = {
        loads: of(profile, kind).length,
        tti, ttiRatio: floorTti ? summary(of(profile, kind).map((l) => l.tti / floorTti)) : null,
        fcp: stat(profile, kind, (l) => l.fcp),
        longTask: stat(profile, kind, (l) => l.longTaskBeforeTti),
        longTaskAdded: floorLong == null ? null : stat(profile, kind, (l) => l.longTaskBeforeTti).median - floorLong,
        heapAdded: stat(profile, kind, (l) => l.jsHeap - blankHeap),
        elementsAdded: stat(profile, kind, (l) => l.elements - blankElements),
        layoutShift: {...stat(profile, kind, (l) => l.layoutShift),
                      max: Math.max(0, ...of(profile, kind).map((l) => l.layoutShift))},
        wasmInitial: stat(profile, kind, (l) => l.wasmMemory?.initial ?? null),
        wasmLoaded: stat(profile, kind, (l) => l.wasmMemory?.now ?? null),
      };
    }
    // Where Confide's time goes: each step as ms from navigation, median over the loads.
    for (const kind of ['confide', 'pcd']) {
      const at = (pick) => stat(profile, kind, pick).median;
      const resource = (l, suffix) => l.resources.find((r) => r.path.endsWith(suffix));
      const src = kind === 'confide' ? 'phq9.json' : 'pcd.json';
      profiles[profile][kind].breakdown = {
        fcp: at((l) => l.fcp),
        cssLoaded: at((l) => resource(l, '/confide.css')?.responseEnd ?? null),
        jsLoaded: at((l) => resource(l, '/confide.js')?.responseEnd ?? null),
        elementUpgraded: at((l) => l.marks.attachShadow ?? null),
        wasmFetchStart: at((l) => resource(l, '/confide.wasm')?.start ?? null),
        wasmLoaded: at((l) => resource(l, '/confide.wasm')?.responseEnd ?? null),
        contentLoaded: at((l) => resource(l, `/${src}`)?.responseEnd ?? null),
        hashChecked: at((l) => l.marks.digestEnd ?? null),
        hashMs: at((l) => (l.marks.digestEnd ?? NaN) - (l.marks.digestStart ?? NaN)),
        compileStart: at((l) => l.marks.compileStart ?? null),
        compiled: at((l) => l.marks.compileEnd ?? null),
        instantiateStart: at((l) => l.marks.instantiateStart ?? null),
        instantiated: at((l) => l.marks.instantiateEnd ?? null),
        instantiateMs: at((l) => (l.marks.instantiateEnd ?? NaN) - (l.marks.instantiateStart ?? NaN)),
        wasmOpenMs: at((l) => l.wasmLongest || null),
        wasmTotalMs: at((l) => l.wasmTotal),
        firstRender: at((l) => l.marks.firstRender ?? null),
        ready: at((l) => l.marks.ready ?? null),
        interactive: at((l) => l.tti),
      };
    }
    profiles[profile].surveyjs.breakdown = {
      fcp: stat(profile, 'surveyjs', (l) => l.fcp).median,
      coreLoaded: stat(profile, 'surveyjs', (l) => l.resources.find((r) => r.path.endsWith('survey.core.min.js'))?.responseEnd ?? null).median,
      uiLoaded: stat(profile, 'surveyjs', (l) => l.resources.find((r) => r.path.endsWith('survey-js-ui.min.js'))?.responseEnd ?? null).median,
      rendered: stat(profile, 'surveyjs', (l) => l.ready).median,
      interactive: stat(profile, 'surveyjs', (l) => l.tti).median,
    };
  }

  const click = {};
  for (const [kind, run] of Object.entries(clicks)) {
    if (run.failed) {
      click[kind] = {failed: run.failed};
      continue;
    }
    const samples = run.samples;
    const engineSamples = run.engine ?? [];
    click[kind] = {
      clock: run.clock, n: samples.length,
      dom: summary(samples.map((s) => s.dom)), dispatch: summary(samples.map((s) => s.dispatch)),
      frame: summary(samples.map((s) => s.frame)),
      byAction: Object.fromEntries([...new Set(samples.map((s) => s.label))].map((label) => [label, {
        dom: summary(samples.filter((s) => s.label === label).map((s) => s.dom)),
        dispatch: summary(samples.filter((s) => s.label === label).map((s) => s.dispatch)),
        frame: summary(samples.filter((s) => s.label === label).map((s) => s.frame)),
      }])),
      engineClicked: summary(samples.map((s) => (s.engine == null ? null : s.engine * 1000))),
      engine: engineSamples.length ? summary(engineSamples.map((s) => s.us)) : null,
      engineMean: engineSamples.length ? engineSamples.reduce((sum, s) => sum + s.us, 0) / engineSamples.length : null,
      engineFirstWalk: engineSamples.length ? summary(engineSamples.slice(0, 19).map((s) => s.us)) : null,
      engineCallsPerAction: engineSamples.length ? quantile(engineSamples.map((s) => s.calls), 0.5) : null,
      engineByAction: engineSamples.length ? Object.fromEntries(['answer', 'next', 'restart'].map((label) => [
        label, summary(engineSamples.filter((s) => s.label === label).map((s) => s.us))])) : null,
    };
  }

  const wasmBytes = readFileSync(`${dist}/confide.wasm`);
  const limits = wasmMemoryLimits(wasmBytes);
  const staticFiles = widgetFiles(dist);
  const staticDynamic = dynamicCode(readFileSync(`${dist}/confide.js`, 'utf8'));

  // Budgets
  const budgets = [];
  const budget = (name, value, limit, pass, note = '') => budgets.push({name, value, limit, pass, note});
  const c = payload.confide;
  budget('payload: widget JS + wasm + CSS, brotli -q 11', c ? `${c.widgetBrotli} B` : '—',
         `≤ ${PAYLOAD_BUDGET_BYTES} B`, c ? c.widgetBrotli <= PAYLOAD_BUDGET_BYTES : false,
         c ? c.files.filter((f) => !f.content).map((f) => `${f.path.split('/').pop()} ${f.brotli}`).join(', ') : '');
  budget('requests: widget (content excluded)', c ? c.widgetRequests : '—', `≤ ${REQUEST_BUDGET}`,
         c ? c.widgetRequests <= REQUEST_BUDGET : false,
         c ? `+ ${c.contentRequests} content` : '');
  for (const profile of PROFILE_NAMES) {
    for (const kind of ['confide', 'pcd']) {
      const ratio = profiles[profile][kind].ttiRatio?.median;
      budget(`time to interactive, ${LABEL[kind]}, ${profile}`, ratio == null ? '—' : `${ratio.toFixed(2)} × floor`,
             '≤ 1.3 × floor', ratio != null && ratio <= 1.3,
             `${fmt(profiles[profile][kind].tti.median)} ms vs ${fmt(profiles[profile].floor.tti.median)} ms`);
    }
  }
  if (profiles.mobile) {
    for (const kind of ['confide', 'pcd']) {
      const added = profiles.mobile[kind].longTaskAdded;
      budget(`long tasks added before interactive, ${LABEL[kind]}, 4× CPU`, added == null ? '—' : `${added.toFixed(0)} ms`,
             '< 50 ms', added != null && added < 50, 'median vs the floor\'s median');
    }
  }
  const cc = click.confide;
  const cf = click.floor;
  budget('click → DOM updated, median, unthrottled', cc?.dispatch ? `${fmt(cc.dispatch.median, 2)} ms` : '—', '≤ 2 ms',
         cc?.dispatch?.median != null && cc.dispatch.median <= 2,
         cc?.n ? `${cc.n} clicks, from dispatch; from input ${fmt(cc.dom.median, 2)} ms (floor ${fmt(cf?.dom?.median, 2)})` : '');
  budget('click → DOM updated, p95, unthrottled', cc?.dispatch ? `${fmt(cc.dispatch.p95, 2)} ms` : '—', '≤ 10 ms',
         cc?.dispatch?.p95 != null && cc.dispatch.p95 <= 10,
         cc?.n ? `from input ${fmt(cc.dom.p95, 2)} ms (floor ${fmt(cf?.dom?.p95, 2)})` : '');
  // The clicked actions are what a reader's actions cost (spaced out, early in the code's
  // life); the programmatic run shows the same work back to back, after V8 has tiered up.
  const nativeAct = native?.find((line) => line.startsWith('answer + view'))?.match(/median\s+([\d.]+)/)?.[1];
  budget('engine work per action, median (clicked)', cc?.engineClicked?.median != null ? `${fmt(cc.engineClicked.median, 1)} µs` : '—',
         '≤ 20 µs', cc?.engineClicked?.median != null && cc.engineClicked.median <= 20,
         cc?.engine ? `${cc.engineClicked.n} clicks; back to back ${fmt(cc.engine.median, 1)} µs (${cc.engine.n} actions); ` +
                      `native ${nativeAct ?? '—'} µs; clock ${fmt(cc.clock.resolutionMs * 1000, 0)} µs` : '');
  const pu = profiles[PROFILE_NAMES[0]].confide;
  budget('initial wasm memory', pu.wasmInitial.median != null ? `${pu.wasmInitial.median} B` : '—', '≤ 1,048,576 B',
         pu.wasmInitial.median != null && pu.wasmInitial.median <= 1048576 &&
         (limits?.maximum == null || limits.maximum > limits.initial),
         limits ? `growable: maximum ${limits.maximum ?? 'none'}${limits.imported ? ', imported' : ''}` : '');
  for (const kind of ['confide', 'pcd']) {
    const added = profiles[PROFILE_NAMES[0]][kind].heapAdded.median;
    budget(`JS heap added, ${LABEL[kind]}`, added == null ? '—' : `${Math.round(added)} B`, '≤ 500,000 B',
           added != null && added <= 500000, 'after GC, vs the blank article');
  }
  if (cycles && !cycles.failed) {
    const grew = cycles.after.jsHeap - cycles.before.jsHeap;
    const secondHalf = cycles.after.jsHeap - cycles.half.jsHeap;
    const perCycle = secondHalf / (cycles.cycles - Math.floor(cycles.cycles / 2));
    const wasmGrew = cycles.after.wasm - cycles.before.wasm;
    const sign = (v) => `${v >= 0 ? '+' : ''}${Math.round(v)}`;
    budget(`no growth across ${cycles.cycles} Start again cycles`,
           `wasm ${sign(wasmGrew)} B, DOM nodes ${sign(cycles.after.nodes - cycles.before.nodes)}, heap ${sign(grew)} B ` +
           `(second half ${sign(secondHalf)} B)`,
           'wasm +0 B, nodes +0, heap < 10 B/cycle in the second half',
           wasmGrew === 0 && cycles.after.nodes === cycles.before.nodes && perCycle < 10,
           `${cycles.warmup} warm-up cycles first`);
  } else {
    budget('no growth across Start again cycles', '—', '', false, cycles?.failed ?? 'not run');
  }
  for (const profile of PROFILE_NAMES) {
    for (const kind of ['confide', 'pcd']) {
      const max = profiles[profile][kind].layoutShift.max;
      budget(`layout shift, ${LABEL[kind]}, ${profile}`, fmt(max, 4), '0 (every load)', max === 0);
    }
  }
  budget('no eval / new Function: static scan of confide.js', staticDynamic.length ? `${staticDynamic.length} found` : 'none',
         'none', staticDynamic.length === 0);
  budget('strict CSP without \'unsafe-eval\': ready, no violation',
         `${csp.ready ? 'ready' : 'not ready'}, ${csp.violations.length} violations`, 'ready, 0',
         csp.ready && csp.violations.length === 0);

  // Print
  console.log(`\nPayload (first cold load; wire: ${encoding} as served to "${accept}", bytes incl. headers)`);
  console.log(table(['page', 'widget requests', 'widget brotli kB', 'widget wire kB', 'content req.', 'content brotli kB', 'all requests', 'all wire kB'],
    KINDS.filter((k) => payload[k]).map((k) => {
      const p = payload[k];
      const inline = k === 'floor' ? ` (inline ${kB(p.inlineBrotli)})` : '';
      return [LABEL[k], p.widgetRequests, kB(p.widgetBrotli) + inline, kB(p.widgetWire), p.contentRequests,
              kB(p.contentBrotli), p.allRequests, kB(p.allWire)];
    })));
  console.log('\nEvery file each page loads (besides its document)');
  console.log(table(['page', 'file', 'raw B', 'brotli -q 11 B', 'wire B', 'part'],
    KINDS.filter((k) => payload[k]).flatMap((k) => [
      [LABEL[k], '(document)', payload[k].document.raw, payload[k].document.brotli, payload[k].document.wire ?? '—', 'page'],
      ...payload[k].files.map((f) => [LABEL[k], f.path, f.raw ?? '—', f.brotli ?? '—', f.wire,
                                       f.content ? 'content' : 'widget'])])));
  for (const profile of PROFILE_NAMES) {
    const p = profiles[profile];
    console.log(`\n${profile}: medians [p25–p75] over the cold loads`);
    console.log(table(['page', 'loads', 'TTI ms', 'TTI / floor', 'FCP ms', 'long tasks before TTI ms', 'JS heap added kB', 'wasm memory kB', 'elements added', 'layout shift (max)'],
      KINDS.map((k) => [LABEL[k], p[k].loads, range(p[k].tti), p[k].ttiRatio ? range(p[k].ttiRatio, 2) : '—',
        range(p[k].fcp), range(p[k].longTask), range(p[k].heapAdded, 0, 1 / 1000),
        p[k].wasmInitial.median == null ? '—' : `${fmt(p[k].wasmInitial.median / 1024)} → ${fmt(p[k].wasmLoaded.median / 1024)} KiB`,
        range(p[k].elementsAdded), fmt(p[k].layoutShift.max, 4)])));
    for (const kind of ['confide', 'pcd']) {
      const b = p[kind].breakdown;
      console.log(`${LABEL[kind]} breakdown (ms from navigation, medians): FCP ${fmt(b.fcp)}, confide.css ${fmt(b.cssLoaded)}, ` +
        `confide.js ${fmt(b.jsLoaded)}, element upgraded ${fmt(b.elementUpgraded)}, wasm fetched ${fmt(b.wasmFetchStart)}→${fmt(b.wasmLoaded)}, ` +
        `content ${fmt(b.contentLoaded)}, hash ${fmt(b.hashMs, 1)} ms (done ${fmt(b.hashChecked)}), compile ${fmt(b.compileStart)}→${fmt(b.compiled)}, ` +
        `instantiate ${fmt(b.instantiateMs, 1)} ms (done ${fmt(b.instantiated)}), longest wasm call (the first open: content load and first view) ${fmt(b.wasmOpenMs, 1)} ms ` +
        `of ${fmt(b.wasmTotalMs, 1)} ms in wasm, first render ${fmt(b.firstRender)}, ready ${fmt(b.ready)}, interactive ${fmt(b.interactive)}`);
    }
    const s = p.surveyjs.breakdown;
    console.log(`SurveyJS breakdown: FCP ${fmt(s.fcp)}, survey.core ${fmt(s.coreLoaded)}, survey-js-ui ${fmt(s.uiLoaded)}, ` +
                `rendered ${fmt(s.rendered)}, interactive ${fmt(s.interactive)}`);
  }
  console.log('\nClicks, unthrottled (real mouse input through the browser protocol): median [p25–p75], p95. ' +
              '"from input": from the click event\'s timeStamp (input received); "from dispatch": from the ' +
              'click event\'s dispatch; DOM updated: the last DOM change or the last handler\'s return, whichever is later');
  console.log(table(['page', 'clicks', 'DOM updated, from dispatch ms', 'p95', 'DOM updated, from input ms', 'p95', 'next frame, from input ms', 'p95', 'engine per clicked action µs'],
    Object.entries(click).map(([k, v]) => v.failed ? [LABEL[k], 'failed', v.failed, '', '', '', '', '', ''] : [
      LABEL[k], v.n, range(v.dispatch, 2), fmt(v.dispatch.p95, 2), range(v.dom, 2), fmt(v.dom.p95, 2),
      range(v.frame, 2), fmt(v.frame.p95, 2), v.engineClicked.median == null ? '—' : range(v.engineClicked, 1)])));
  if (cc?.byAction) {
    for (const [label, s] of Object.entries(cc.byAction)) {
      console.log(`  Confide ${label}: DOM updated from dispatch ${range(s.dispatch, 2)} ms, from input ${range(s.dom, 2)} ms, next frame ${range(s.frame, 2)} ms`);
    }
  }
  if (cc?.engine) {
    console.log(`Engine per action (time inside wasm, from the page; ${cc.engine.n} actions driven by element.click(); ` +
                `clock ${fmt(cc.clock.resolutionMs * 1000, 0)} µs, cross-origin isolated ${cc.clock.isolated}): ` +
                `${range(cc.engine, 1)} µs, p95 ${fmt(cc.engine.p95, 1)} µs, mean ${fmt(cc.engineMean, 1)} µs, ` +
                `first walk (19 actions) ${fmt(cc.engineFirstWalk.median, 1)} µs, ${cc.engineCallsPerAction} calls into wasm per action; ` +
                Object.entries(cc.engineByAction).map(([l, s]) => `${l} ${fmt(s.median, 1)}`).join(', '));
  }
  if (native) console.log(`Native cross-check (build/native/tests/confide_bench 2000):\n  ${native.join('\n  ')}`);
  if (cycles && !cycles.failed) {
    console.log(`\n${cycles.cycles} Start again cycles (each a full PHQ-9 walk, ${cycles.seconds.toFixed(1)} s): ` +
                `JS heap ${cycles.before.jsHeap} → ${cycles.half.jsHeap} (half-way) → ${cycles.after.jsHeap} B, wasm memory ${cycles.before.wasm} → ${cycles.after.wasm} B, ` +
                `DOM nodes ${cycles.before.nodes} → ${cycles.after.nodes}`);
  }
  console.log(`wasm memory in confide.wasm: initial ${limits?.initial} B, maximum ${limits?.maximum ?? 'none'}; ` +
              `static payload check: ${staticFiles.map((f) => `${f.name} ${f.brotli}`).join(', ')}`);
  if (failedLoads.length) {
    console.log(`\n${failedLoads.length} loads failed or never became interactive: ` +
                failedLoads.slice(0, 5).map((l) => `${l.profile}/${l.kind}: ${l.failed ?? l.errors?.join('; ')}`).join(' | '));
  }
  console.log('\nBudgets');
  console.log(table(['budget', 'measured', 'limit', 'result', 'note'],
    budgets.map((b) => [b.name, b.value, b.limit, b.pass ? 'pass' : 'FAIL', b.note])));

  return {facts, seed: SEED, loadsPerPage: LOADS, encoding, payload, profiles, click, cycles, csp,
          native, wasmMemoryLimits: limits, staticPayload: staticFiles, budgets,
          failedLoads: failedLoads.map((l) => ({kind: l.kind, profile: l.profile, failed: l.failed, errors: l.errors})),
          loads};
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error}`);
  process.exit(2);
});
