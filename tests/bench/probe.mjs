// What the benchmark installs in every page before the page's own scripts run (Playwright init
// scripts, which a page's Content-Security-Policy does not apply to). All of it is passive
// except two things a benchmark may do: shadow roots are forced open (so that the widget's DOM
// can be counted, observed and clicked), and, in the interaction pass only, every call from JS
// into wasm is timed (wasmTimer).
//
// window.__bench holds: marks (first time of each named moment, performance.now() ms), long
// tasks, layout shifts, CSP violations, the wasm memories (initial size at instantiation), the
// shadow roots, the mutation counter, and the click-latency samples.

export const probe = String.raw`(() => {
  const now = () => performance.now();
  const B = {marks: {}, longtasks: [], shifts: [], violations: [], memories: [], roots: [],
             mutations: 0, lastMutation: 0, errors: [], lat: {armed: null, samples: []},
             wasm: {acc: 0, depth: 0, calls: 0}};
  Object.defineProperty(window, '__bench', {value: B});
  const mark = (name) => { if (!(name in B.marks)) B.marks[name] = now(); };
  B.mark = mark;

  const observe = (type, each) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(each))
        .observe({type, buffered: true});
    } catch (error) { B.errors.push(type + ': ' + error); }
  };
  observe('longtask', (e) => B.longtasks.push({start: e.startTime, duration: e.duration}));
  observe('layout-shift', (e) => {
    if (!e.hadRecentInput) B.shifts.push({time: e.startTime, value: e.value});
  });
  document.addEventListener('securitypolicyviolation', (e) => {
    B.violations.push({directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample});
  }, true);

  // Interactive: the page's handlers are bound; then the first frame after it. The frame is
  // taken as done when a task posted from its requestAnimationFrame callback runs, i.e. after
  // that frame's style, layout and paint.
  const afterFrame = (done) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => done(now());
    channel.port2.postMessage(0);
  });
  // The runner learns it through a binding it added, so that it need not poll the page.
  const signal = (what) => { try { window.__benchSignal?.(what); } catch (error) { B.errors.push(String(error)); } };
  const ready = () => {
    if ('ready' in B.marks) return;
    mark('ready');
    afterFrame((t) => { B.marks.readyFrame = t; signal('interactive'); });
  };
  document.addEventListener('confide-ready', ready, true);
  document.addEventListener('bench-ready', ready, true);
  document.addEventListener('confide-error', (e) => {
    B.errors.push('confide-error: ' + JSON.stringify(e.detail));
    signal('error');
  }, true);

  // Every DOM change, in the document and in every shadow root; the first drawn question.
  const onMutations = (records) => {
    B.mutations += records.length;
    B.lastMutation = now();
    if (!('firstRender' in B.marks) && B.roots.some((r) => r.querySelector('fieldset, form'))) {
      mark('firstRender');
    }
  };
  const mutationObserver = new MutationObserver(onMutations);
  const watch = (node) => mutationObserver.observe(node, {subtree: true, childList: true,
                                                          attributes: true, characterData: true});
  watch(document);
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, {...init, mode: 'open'});
    mark('attachShadow');
    B.roots.push(root);
    watch(root);
    B.settleOn?.(root);
    return root;
  };

  // The steps of the widget's start: the hash check, the wasm's compilation and instantiation.
  const digest = SubtleCrypto.prototype.digest;
  SubtleCrypto.prototype.digest = function (...args) {
    mark('digestStart');
    return digest.apply(this, args).then((value) => { mark('digestEnd'); return value; });
  };
  const memoriesOf = (instance, imports) => {
    const found = [];
    for (const value of Object.values(instance?.exports ?? {})) {
      if (value instanceof WebAssembly.Memory) found.push(value);
    }
    for (const module of Object.values(imports ?? {})) {
      for (const value of Object.values(module ?? {})) {
        if (value instanceof WebAssembly.Memory) found.push(value);
      }
    }
    for (const memory of found) {
      if (!B.memories.some((m) => m.memory === memory)) {
        B.memories.push({memory, initial: memory.buffer.byteLength});
      }
    }
  };
  // Compiling (streaming, while the bytes arrive, or from the bytes) and instantiating.
  for (const name of ['compile', 'compileStreaming']) {
    const compile = WebAssembly[name];
    if (!compile) continue;
    WebAssembly[name] = function () {
      mark('compileStart');
      return compile.apply(this, arguments).then((module) => { mark('compileEnd'); return module; });
    };
  }
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (source, imports) {
    mark('instantiateStart');
    return instantiate.apply(this, arguments).then((result) => {
      mark('instantiateEnd');
      const instance = result instanceof WebAssembly.Instance ? result : result.instance;
      memoriesOf(instance, imports);
      if (!B.wrapInstance) return result;
      const wrapped = B.wrapInstance(instance);
      return result instanceof WebAssembly.Instance ? wrapped : {module: result.module, instance: wrapped};
    });
  };
  const streaming = WebAssembly.instantiateStreaming;
  if (streaming) {
    WebAssembly.instantiateStreaming = function (source, imports) {
      mark('instantiateStart');
      return streaming.apply(this, arguments).then((result) => {
        mark('instantiateEnd');
        memoriesOf(result.instance, imports);
        return B.wrapInstance ? {module: result.module, instance: B.wrapInstance(result.instance)} : result;
      });
    };
  }

  // Click latency: the next click after arm() (real input from the driver). DOM updated: the
  // last DOM change before the next frame; next frame: that frame done (as above). Both from
  // the click event's timeStamp, when the browser received the input. Engine: time spent in
  // wasm in between (only when wasmTimer is installed).
  // Not every update is a DOM mutation (a radio's checked state is not), so the DOM also
  // counts as updated when the last handler of the click's events has returned: bubble-phase
  // listeners at the top of each tree (window; each shadow root, since change and submit do
  // not leave it) run after the page's own. dispatch: the same, from when the click event
  // began its dispatch (a capture listener on window), which leaves out input delivery.
  B.arm = (label) => { B.lat.armed = label; };
  B.lastHandler = 0;
  const handled = () => { B.lastHandler = now(); };
  const settleOn = (target) => {
    for (const type of ['click', 'input', 'change', 'submit']) target.addEventListener(type, handled);
  };
  settleOn(window);
  B.settleOn = settleOn;
  addEventListener('click', (event) => {
    const label = B.lat.armed;
    if (!label) return;
    B.lat.armed = null;
    const t0 = event.timeStamp;
    const dispatched = now();
    const mutations = B.mutations;
    B.lastHandler = 0;
    B.wasm.acc = 0;
    B.wasm.calls = 0;
    requestAnimationFrame(() => {
      const updated = Math.max(B.mutations > mutations ? B.lastMutation : 0, B.lastHandler);
      const engine = B.wasm.calls ? B.wasm.acc : null;
      const calls = B.wasm.calls;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        B.lat.samples.push({label, dom: updated - t0, dispatch: updated - dispatched,
                            mutated: B.mutations > mutations, frame: now() - t0, engine, calls});
      };
      channel.port2.postMessage(0);
    });
  }, true);

  B.elements = () => document.querySelectorAll('*').length +
    B.roots.reduce((sum, root) => sum + root.querySelectorAll('*').length, 0);
})();`;

// Times every call from JS into wasm: the module's exported functions and every function the
// glue takes from its function table (Embind calls the bound C++ functions through the table).
// W.total sums all of them; W.log keeps the calls of 0.5 ms or more (at load: the first open).
// Only the outermost call is timed, so wasm time includes what wasm calls back into JS but is
// never counted twice. Time in the glue outside wasm (string conversion in JS, JSON.parse of
// the answer) is not included.
export const wasmTimer = String.raw`(() => {
  const B = window.__bench;
  const W = B.wasm;
  const timed = new WeakMap();
  const wrap = (f) => {
    if (typeof f !== 'function') return f;
    if (timed.has(f)) return timed.get(f);
    const wrapper = function (...args) {
      if (W.depth++ > 0) {
        try { return f.apply(this, args); } finally { W.depth--; }
      }
      const t = performance.now();
      try {
        return f.apply(this, args);
      } finally {
        const ms = performance.now() - t;
        W.acc += ms;
        W.calls++;
        W.depth--;
        W.total = (W.total ?? 0) + ms;
        if (ms >= 0.5 && (W.log ??= []).length < 100) W.log.push({start: t, ms});
      }
    };
    timed.set(f, wrapper);
    return wrapper;
  };
  const get = WebAssembly.Table.prototype.get;
  WebAssembly.Table.prototype.get = function (index) { return wrap(get.call(this, index)); };
  B.wrapInstance = (instance) => {
    const exports = {};
    for (const [name, value] of Object.entries(instance.exports)) exports[name] = wrap(value);
    return {exports: Object.freeze(exports)};
  };
})();`;
