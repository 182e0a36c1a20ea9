// A reader at the keyboard, in front of one <confide-check>: what they can perceive (roles,
// names, states, the focused element, the visible text) and what they can do (Tab, arrows,
// Space, Enter, typing). Everything goes through the driver's `inShadow`, which reaches a
// closed shadow root the way assistive technology does, without changing the page.

/**
 * Runs in the page with `this` = the widget's shadow root. One self-contained function, so that
 * any driver can send it. request.op: 'snapshot' | 'focus' | 'activeRole'.
 */
function widgetQuery(request) {
  const root = this;
  const norm = (text) => String(text ?? '').replace(/\s+/g, ' ').trim();
  const visible = (node) => {
    if (!node.getClientRects().length) return false;
    return getComputedStyle(node).visibility !== 'hidden';
  };
  const roleOf = (node) => {
    const explicit = node.getAttribute('role');
    if (explicit) return explicit.split(/\s+/)[0];
    const tag = node.localName;
    if (tag === 'input') {
      return {radio: 'radio', checkbox: 'checkbox', number: 'spinbutton', button: 'button',
              submit: 'button', reset: 'button', range: 'slider'}[node.type] ?? 'textbox';
    }
    if (/^h[1-6]$/.test(tag)) return 'heading';
    if (tag === 'a') return node.hasAttribute('href') ? 'link' : '';
    return {button: 'button', fieldset: 'group', textarea: 'textbox', select: 'combobox',
            details: 'group', summary: 'button', img: 'img', form: 'form'}[tag] ?? '';
  };
  const nameOf = (node) => {
    const labelledBy = node.getAttribute('aria-labelledby');
    if (labelledBy) {
      return norm(labelledBy.split(/\s+/).map((id) => root.getElementById(id)?.textContent ?? '')
        .join(' '));
    }
    const label = node.getAttribute('aria-label');
    if (label) return norm(label);
    if (node.labels?.length) return norm([...node.labels].map((l) => l.textContent).join(' '));
    if (node.localName === 'fieldset') {
      return norm(node.querySelector(':scope > legend')?.textContent);
    }
    if (node.localName === 'img') return norm(node.getAttribute('alt'));
    if (node.localName === 'input' && ['button', 'submit'].includes(node.type)) {
      return norm(node.value);
    }
    return norm(node.textContent);
  };
  const describe = (node) => node && {
    tag: node.localName,
    role: roleOf(node),
    name: nameOf(node),
    level: /^h[1-6]$/.test(node.localName) ? Number(node.localName[1])
      : Number(node.getAttribute('aria-level')) || null,
    checked: node.localName === 'input' ? node.checked : null,
    value: node.localName === 'input' ? node.value : null,
    type: node.localName === 'input' ? node.type : null,
    disabled: node.disabled === true,
    dataset: {...node.dataset},
    text: norm(node.textContent),
  };
  const focusable = 'input, button, a[href], select, textarea, summary, [tabindex]';
  const controls = () => [...root.querySelectorAll(focusable)]
    .filter((node) => visible(node) && !node.disabled);
  const matches = (node, want) => roleOf(node) === want.role &&
    (want.name === undefined || nameOf(node) === want.name ||
     (want.nameStartsWith !== undefined && nameOf(node).startsWith(want.nameStartsWith)));

  if (request.op === 'focus') {
    const target = controls().find((node) => matches(node, request));
    if (!target) return false;
    target.focus();
    return root.activeElement === target;
  }
  if (request.op === 'focused') return describe(root.activeElement);

  const texts = [];
  const full = request.op === 'full';
  for (const child of root.children) {
    if (child.localName !== 'style' && visible(child)) texts.push(child.innerText);
  }
  const host = root.host.getBoundingClientRect();
  const resultOf = (node) => ({id: node.dataset.id, kind: node.dataset.kind ??
    ['outcome', 'finding', 'alert'].find((kind) => node.classList.contains(kind)) ?? null});
  const attributes = [];
  for (const node of full ? root.querySelectorAll('*') : []) {
    for (const attribute of node.attributes) attributes.push([node.localName, attribute.name, attribute.value]);
  }
  return {
    focused: describe(root.activeElement),
    controls: controls().map(describe),
    headings: [...root.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')]
      .filter(visible).map(describe),
    alerts: [...root.querySelectorAll('[role="alert"]')].filter(visible)
      .map((node) => norm(node.innerText)),
    status: [...root.querySelectorAll('[role="status"], [aria-live]')]
      .map((node) => norm(node.textContent)),
    marked: [...root.querySelectorAll('[data-id]')].filter(visible).map(resultOf),
    links: full ? [...root.querySelectorAll('a')].map((node) => node.getAttribute('href')) : null,
    attributes: full ? attributes : null,
    elements: full ? [...root.querySelectorAll('*')].map((node) => node.localName) : null,
    busy: !!root.querySelector('[aria-busy="true"]'),
    text: norm(texts.join('\n')),
    box: {x: host.x, y: host.y, width: host.width, height: host.height},
    contentBox: !full ? null : (() => {
      const rects = [...root.querySelectorAll('*')].filter(visible)
        .map((node) => node.getBoundingClientRect()).filter((r) => r.width && r.height);
      if (!rects.length) return null;
      return {left: Math.min(...rects.map((r) => r.left)), top: Math.min(...rects.map((r) => r.top)),
              right: Math.max(...rects.map((r) => r.right)),
              bottom: Math.max(...rects.map((r) => r.bottom))};
    })(),
  };
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** The reader's side of widget number `index` (in document order) in a driver session. */
export class Reader {
  constructor(session, index = 0) {
    this.session = session;
    this.index = index;
  }

  query(request) {
    return this.session.inShadow(this.index, widgetQuery, request);
  }

  /** What is perceivable now (see widgetQuery); `full` adds every element and attribute. */
  snapshot({full = false} = {}) {
    return this.query({op: full ? 'full' : 'snapshot'});
  }

  focused() {
    return this.query({op: 'focused'});
  }

  /** Polls until `test(snapshot)` holds; returns that snapshot or throws with the last one. */
  async waitFor(test, {timeout = 5000, what = 'the widget'} = {}) {
    const end = Date.now() + timeout;
    let last;
    for (;;) {
      last = await this.snapshot().catch((error) => ({error: String(error)}));
      if (last && !last.error && test(last)) return last;
      if (Date.now() > end) {
        throw new Error(`timed out waiting for ${what}; last state: ${JSON.stringify(last)?.slice(0, 1500)}`);
      }
      await sleep(50);
    }
  }

  /** Waits for a question or results step to be drawn. */
  waitForStep(options) {
    return this.waitFor((s) => !s.busy && s.controls.some((c) => c.role === 'button'),
                        {what: 'a step', ...options});
  }

  /** Presses Tab (or Shift+Tab) until the focused element matches; keyboard only. */
  async tabTo(want, {backwards = false, limit = 60} = {}) {
    for (let i = 0; i < limit; i++) {
      await this.session.press(backwards ? 'Shift+Tab' : 'Tab');
      const focused = await this.focused();
      if (focused && focused.role === want.role &&
          (want.name === undefined || focused.name === want.name)) return focused;
    }
    throw new Error(`Tab never reached ${JSON.stringify(want)}`);
  }

  /** Moves focus straight to a control, as a screen reader's quick navigation would. */
  async focus(want) {
    if (!(await this.query({op: 'focus', ...want}))) {
      const snapshot = await this.snapshot();
      throw new Error(`no visible ${JSON.stringify(want)} to focus; controls: ${
        JSON.stringify(snapshot.controls.map((c) => [c.role, c.name]))}`);
    }
  }

  /** Focuses a radio or checkbox by its label and presses Space. */
  async toggle(role, name) {
    await this.focus({role, name});
    await this.session.press('Space');
  }

  /** Focuses a button by its name and presses Enter. */
  async press(name) {
    await this.focus({role: 'button', name});
    await this.session.press('Enter');
  }

  /** Replaces the text of the focused-by-name text box. */
  async fill(name, text) {
    await this.focus({role: 'textbox', name});
    await this.session.press('ControlOrMeta+A');
    await this.session.press('Backspace');
    if (text) await this.session.type(text);
  }
}
