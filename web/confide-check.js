// <confide-check>: draws the engine's views inside a closed shadow root and forwards the
// reader's actions to it. Answers live only in the engine's session and in the shadow DOM:
// never in the light DOM, attributes, events, storage, the URL or the network.

import {engine} from './engine.js';
import {nextTask} from './tasks.js';
import sheet from './widget.css' with {type: 'css'};
import {alertList, el, inline, progressText, questionForm, resultsPage, rich, translator}
  from './render.js';

const COLOUR = /^#[0-9a-f]{6}$/i;
const FONT = /^[A-Za-z0-9 ,'"-]{1,100}$/;
const SHIFT_PRESSES = 3;
const SHIFT_WINDOW_MS = 1000;
const MAX_PROBLEMS_IN_MESSAGE = 3;
const STOPPED = 'the check stopped after an internal error';

async function fetchText(url) {
  const response = await fetch(new URL(url, document.baseURI), {credentials: 'same-origin'});
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return response.text();
}

function problemsMessage(problems) {
  const listed = problems.slice(0, MAX_PROBLEMS_IN_MESSAGE)
    .map((problem) => `${problem.file}:${problem.pointer}: ${problem.message} (${problem.code})`);
  const more = problems.length - listed.length;
  const rest = more > 0 ? `; and ${more} more` : '';
  return `the check could not be loaded: ${listed.join('; ')}${rest}`;
}

// Firefox hands page scripts an event's untargeted origin (Event.originalTarget and
// .explicitOriginalTarget; UIEvent.rangeParent): for a key press in the widget, the focused
// input inside the closed root, whose value and getRootNode() give that root away to any host
// listener. For a node inside one of these roots they answer what `target` answers outside,
// the <confide-check> element; every other node passes through unchanged.
const closedRoots = new WeakSet();

function outsideOurRoots(node) {
  let current = node;
  for (let root = current?.getRootNode?.(); root && closedRoots.has(root);
       root = current.getRootNode()) {
    current = root.host;
  }
  return current;
}

// Firefox's document selection, too, while the reader types in a text field of the widget:
// its nodes and its ranges' containers are the field's parent inside the closed root.
for (const [proto, ...names] of [[globalThis.Event, 'originalTarget', 'explicitOriginalTarget'],
                                 [globalThis.UIEvent, 'rangeParent'],
                                 [globalThis.Selection, 'anchorNode', 'focusNode'],
                                 [globalThis.AbstractRange, 'startContainer', 'endContainer'],
                                 [globalThis.Range, 'commonAncestorContainer']]) {
  for (const name of names) {
    const descriptor = proto && Object.getOwnPropertyDescriptor(proto.prototype, name);
    if (!descriptor?.get || !descriptor.configurable) continue;
    const get = descriptor.get;
    Object.defineProperty(proto.prototype, name, {...descriptor, get() {
      return outsideOurRoots(get.call(this));
    }});
  }
}

export class ConfideCheck extends HTMLElement {
  /** Defines the element; a second definition (the script loaded twice) changes nothing. */
  static define() {
    if (!customElements.get('confide-check')) customElements.define('confide-check', this);
  }

  static get observedAttributes() {
    return ['src', 'publisher', 'lang'];
  }

  #root = null;
  #box = null;
  #api = null;
  #session = 0;
  #meta = null;
  #t = null;
  #view = null;
  #loads = 0;          // bumped by every load and unload: a load that finds it changed is stale
  #started = false;    // confide-start fired for this run
  #completed = false;  // confide-complete fired for this run
  #images = new Map();  // the block images that arrived, by path: shown, they ask for nothing
  #alertIds = '';
  #shiftPresses = [];
  #focusTarget = null;  // where focus goes in the next frame
  #onKeydown = (event) => this.#safely(() => this.#countShift(event));
  #onClick = (event) => this.#safely(() => this.#click(event));
  #onChange = (event) => this.#safely(() => this.#change(event));
  #onSubmit = (event) => {
    event.preventDefault();
    this.#safely(() => this.#next());
  };

  connectedCallback() {
    if (!this.#root) {
      this.#root = this.attachShadow({mode: 'closed'});
      closedRoots.add(this.#root);
      this.#root.adoptedStyleSheets = [sheet];
    }
    this.#load();
  }

  disconnectedCallback() {
    this.#unload();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (this.#root && this.isConnected && oldValue !== newValue) this.#load();
  }

  async #load() {
    this.#unload();
    const load = this.#loads;
    this.#box = el('div', {class: 'confide', 'aria-busy': 'true'});
    this.#box.addEventListener('click', this.#onClick);
    this.#box.addEventListener('change', this.#onChange);
    this.#box.addEventListener('submit', this.#onSubmit);
    this.#root.replaceChildren(this.#box);

    // The engine and the files load side by side. Content that is not there yet (an element
    // whose src is set after it was inserted) gets one more look once the engine is ready.
    const publisher = this.getAttribute('publisher');
    const lang = this.closest('[lang]')?.getAttribute('lang') ?? '';
    try {
      const [api, content, publisherText] = await Promise.all([
        engine(),
        this.#content() ?? engine().then(() => this.#content() ?? Promise.reject(new Error(
          'no content: give a src attribute or a <script type="application/json"> child'))),
        publisher ? fetchText(publisher) : '',
      ]);
      if (load !== this.#loads) return;
      const opened = JSON.parse(api.open(content, publisherText, lang));
      if (!opened.ok) throw new Error(problemsMessage(opened.problems ?? []));
      this.#api = api;
      this.#session = opened.session;
      // The first open is the longest task of the start (its code runs for the first time);
      // the first step is drawn in a task of its own, so that neither keeps the page busy long.
      // It is drawn once the images have settled, with confide-ready: nothing is asked for
      // after it, and no answer can come before it.
      const [images] = await Promise.all([this.#prefetchImages(opened.meta.images ?? []),
                                          nextTask()]);
      if (load !== this.#loads) return;
      this.#images = images;
      this.#meta = opened.meta;
      this.#t = translator(opened.meta.ui, opened.meta.lang);
      this.#drawFrame();
      this.#show(opened.view, false);
      this.#box.removeAttribute('aria-busy');
      this.#emit('confide-ready');
    } catch (error) {
      if (load === this.#loads) {
        this.#fail(String(error?.message ?? error), 'This check could not be loaded.');
      }
    }
  }

  /** The content's text (or a promise of it), from src or an inline JSON script; or null. */
  #content() {
    const src = this.getAttribute('src');
    if (src) return fetchText(src);
    return this.querySelector('script[type="application/json"]')?.textContent ?? null;
  }

  /** Ends the session and forgets everything the reader entered. */
  #unload() {
    this.#loads++;
    document.removeEventListener('keydown', this.#onKeydown);
    if (this.#session) {
      try {
        this.#api.close(this.#session);
      } catch {
        // An engine that stopped holds nothing any more.
      }
    }
    this.#session = 0;
    this.#view = null;
    this.#started = this.#completed = false;
    this.#alertIds = '';
    this.#images = new Map();
    this.#shiftPresses = [];
    this.#focusTarget = null;
    this.#root?.replaceChildren();
  }

  /**
   * Fetches every block image now, whatever the result will be, so that showing the results
   * makes no request and the network never learns which blocks were shown. Resolves to the
   * images that arrived, by path: only those are drawn (one that failed would be asked for
   * again).
   */
  async #prefetchImages(paths) {
    const images = await Promise.all(paths.map((path) => {
      const image = new Image();
      image.src = path;
      return image.decode().then(() => [path, image], () => null);
    }));
    return new Map(images.filter(Boolean));
  }

  #drawFrame() {
    const meta = this.#meta;
    const t = this.#t;
    const box = this.#box;
    box.lang = meta.lang;
    this.#applyTheme(meta.theme ?? {});
    const parts = [];
    if (meta.quickExit) {
      parts.push(el('div', {class: 'exit'},
        el('button', {type: 'button', class: 'exit-button', 'data-action': 'leave'}, t('leave')),
        el('span', {class: 'exit-hint'}, t('leaveHint'))));
      document.addEventListener('keydown', this.#onKeydown);
      box.classList.add('has-exit');
    }
    parts.push(
      el('h2', {class: 'title'}, inline(meta.title)),
      el('div', {class: 'alerts'}),
      el('div', {class: 'intro'}),
      el('p', {class: 'progress', role: 'status'}),
      el('div', {class: 'step'}),
      el('div', {class: 'privacy'}, rich(meta.privacy)),
      meta.about ? el('details', {class: 'about'}, el('summary', null, t('about')),
                      rich(meta.about)) : null);
    box.replaceChildren(...parts.filter(Boolean));
  }

  #applyTheme(theme) {
    // The engine validated these; they are checked again because they reach CSS, and they are
    // set one property at a time, never written into a stylesheet.
    const style = this.#box.style;
    const colours = {accent: '--accent', text: '--text', background: '--background',
                     surface: '--surface'};
    let ownColours = false;
    for (const [token, property] of Object.entries(colours)) {
      if (COLOUR.test(theme[token] ?? '')) {
        style.setProperty(property, theme[token]);
        ownColours = true;
      }
    }
    if (FONT.test(theme.font ?? '')) style.setProperty('--font', theme.font);
    if (Number.isInteger(theme.radius) && theme.radius >= 0 && theme.radius <= 24) {
      style.setProperty('--radius', `${theme.radius}px`);
    }
    // A publisher who chose colours chose them for every reader: no automatic dark palette.
    if (ownColours) this.#box.dataset.palette = 'publisher';
  }

  /** Draws a view; `moved` says the reader went to another step, so focus follows. */
  #show(view, moved) {
    const t = this.#t;
    const box = this.#box;
    this.#view = view;

    const alertIds = view.alerts.map((alert) => alert.id).join(' ');
    if (alertIds !== this.#alertIds) {
      this.#alertIds = alertIds;
      box.querySelector('.alerts').replaceChildren(...alertList(t, view.alerts));
    }
    const first = view.step === 'question' && view.progress.current === 1;
    box.querySelector('.intro').replaceChildren(...(first ? rich(this.#meta.intro) : []));
    this.#showProgress(view);

    let focus;
    if (view.step === 'results') {
      const {page, heading} = resultsPage(t, this.#meta, view, this.#images);
      box.querySelector('.step').replaceChildren(page);
      focus = box.querySelector('.alert h4') ?? heading;
      if (!this.#completed) {
        this.#completed = true;
        this.#emit('confide-complete');
      }
    } else {
      const {form, heading, summary} = questionForm(t, view);
      box.querySelector('.step').replaceChildren(form);
      focus = summary ?? heading;
    }
    if (moved) this.#focusInNextFrame(focus);
  }

  /**
   * Moves focus to `target` in the next frame, just before the browser lays the new step out
   * anyway: focus() lays the page out at once, so in the click it would cost a second layout
   * (most of a Continue's time). A later call in the same frame wins.
   */
  #focusInNextFrame(target) {
    const pending = this.#focusTarget;
    this.#focusTarget = target;
    if (pending) return;
    requestAnimationFrame(() => {
      const next = this.#focusTarget;
      this.#focusTarget = null;
      if (next?.isConnected) next.focus();
    });
  }

  /** Sends one action to the engine; a failure turns the widget into its error state. */
  #act(action) {
    try {
      const answer = JSON.parse(this.#api.act(this.#session, JSON.stringify(action)));
      if (answer.ok) return answer.view;
    } catch {
      // Reported below, like a refusal.
    }
    this.#fail(STOPPED);
    return null;
  }

  #answered(view) {
    if (!view) return;
    this.#view = view;
    if (!this.#started) {
      this.#started = true;
      this.#emit('confide-start');
    }
    // The engine decides which boxes stay ticked (an exclusive option clears the others), and
    // an answer can change how many steps are left.
    const inputs = this.#box.querySelectorAll('input[name="answer"]');
    view.question?.options.forEach((option, index) => {
      if (inputs[index]) inputs[index].checked = option.checked;
    });
    this.#showProgress(view);
  }

  /** The progress line, rewritten only when it changes, so that it is announced once. */
  #showProgress(view) {
    const text = view.step === 'question' ? progressText(this.#t, view.progress) : '';
    const line = this.#box.querySelector('.progress');
    if (line.textContent !== text) line.textContent = text;
  }

  #change(event) {
    const input = event.target;
    const question = this.#view?.question;
    if (!question || input.name !== 'answer') return;
    if (input.type === 'checkbox') {
      this.#answered(this.#act({do: 'toggle', question: question.id, option: input.value,
                                 checked: input.checked}));
    } else {
      this.#answered(this.#act({do: 'answer', question: question.id, value: input.value}));
    }
  }

  #next() {
    const question = this.#view?.question;
    const input = this.#box.querySelector('input[type="text"][name="answer"]');
    if (question && input && input.value !== (question.value ?? '')) {
      const answered = this.#act({do: 'answer', question: question.id, value: input.value});
      if (!answered) return;
      this.#answered(answered);
    }
    const view = this.#act({do: 'next'});
    if (view) this.#show(view, true);
  }

  #click(event) {
    const target = event.target.closest('[data-action], [data-focus]');
    if (!target) return;
    if (target.dataset.focus) {
      // Error summary links: move focus without touching the page's URL or history.
      event.preventDefault();
      this.#root.getElementById(target.dataset.focus)?.focus();
      return;
    }
    switch (target.dataset.action) {
      case 'back': {
        const view = this.#act({do: 'back'});
        if (view) this.#show(view, true);
        break;
      }
      case 'restart': {
        const view = this.#act({do: 'restart'});
        if (!view) break;
        this.#started = this.#completed = false;
        this.#show(view, true);
        break;
      }
      case 'print':
        window.print();
        break;
      case 'leave':
        this.#leave();
        break;
    }
  }

  #countShift(event) {
    if (event.key !== 'Shift') {
      this.#shiftPresses = [];
      return;
    }
    if (event.repeat) return;
    const now = event.timeStamp;
    this.#shiftPresses = [...this.#shiftPresses.filter((at) => now - at < SHIFT_WINDOW_MS), now];
    if (this.#shiftPresses.length >= SHIFT_PRESSES) this.#leave();
  }

  #leave() {
    const url = this.#meta?.quickExit?.url;
    this.#unload();
    if (url) location.replace(url);
  }

  /** Runs a reader's action; whatever goes wrong stays in the widget's box. */
  #safely(action) {
    try {
      action();
    } catch {
      this.#fail(STOPPED);
    }
  }

  /**
   * Shows a short message in the widget's box and tells the publisher why. Once the reader has
   * answered, the reason is always STOPPED: an engine message might name an option.
   */
  #fail(message, shown = 'This check stopped working. Please reload the page to start again.') {
    // Announced; and where focus was in the widget, it moves to the message, not to <body>.
    const focused = this.#root.activeElement;
    this.#unload();
    const alert = el('p', {role: 'alert', tabindex: '-1'}, shown);
    this.#root.replaceChildren(el('div', {class: 'confide failed'}, alert));
    if (focused) alert.focus();
    this.#emit('confide-error', {message});
  }

  #emit(type, detail = null) {
    this.dispatchEvent(new CustomEvent(type, {bubbles: true, composed: true, detail}));
  }
}
