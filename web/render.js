// Builds the widget's DOM from the engine's Meta and View JSON. Every text becomes a text node:
// nothing here parses HTML, and a link exists only where the engine's markup made one.

const ALLOWED_LINK = /^(?:https:|mailto:|tel:)/i;

/** An element with attributes (false/null ones left out) and children (strings become text). */
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value != null && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.flat(Infinity).filter((child) => child != null && child !== false));
  return node;
}

/** A link that opens apart from the host page; a URL of any other scheme stays plain text. */
export function link(url, ...children) {
  return ALLOWED_LINK.test(url)
    ? el('a', {href: url, target: '_blank', rel: 'noopener noreferrer'}, ...children)
    : el('span', null, ...children);
}

/** Inline markup: runs of text, bold, emphasis and links. */
export function inline(runs) {
  return (runs ?? []).map((run) => {
    let node = document.createTextNode(run.text);
    if (run.em) node = el('em', null, node);
    if (run.bold) node = el('strong', null, node);
    return run.href ? link(run.href, node) : node;
  });
}

/** Block markup: paragraphs and bulleted lists. */
export function rich(blocks) {
  return (blocks ?? []).map((block) => block.ul
    ? el('ul', null, block.ul.map((item) => el('li', null, inline(item))))
    : el('p', null, inline(block.p)));
}

/** UI strings from Meta.ui with their {placeholders} filled in; t.lang is Meta.lang. */
export function translator(ui, lang) {
  const t = (key, values = {}) => (ui?.[key] ?? key)
    .replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  t.lang = lang;
  return t;
}

/** "Step 3 of 10" or "Step 3 of 10–12", from View.progress. */
export function progressText(t, progress) {
  const {current, min, max} = progress;
  return min === max ? t('progress', {current, total: max, min, max})
                     : t('progressRange', {current, min, max});
}

/**
 * One question as a form: heading (focused on each new step), hint, error summary and messages,
 * the native inputs, Continue and Back. Returns {form, heading}.
 */
export function questionForm(t, view) {
  const question = view.question;
  const errors = view.errors ?? [];
  const described = (...ids) => ids.filter(Boolean).join(' ') || null;
  const hintId = question.hint || question.type === 'multiple' ? 'question-hint' : null;
  const errorId = errors.length ? 'question-error' : null;
  const optional = !question.required && question.type !== 'info'
    ? el('span', {class: 'optional'}, ` ${t('optional')}`) : null;
  const hint = question.hint || question.type === 'multiple'
    ? el('div', {id: hintId, class: 'hint'}, rich(question.hint),
         question.type === 'multiple' ? el('p', null, t('selectAny')) : null)
    : null;
  const errorMessage = errors.length
    ? el('p', {id: errorId, class: 'error-message'}, errors.map((error) => error.message).join(' '))
    : null;

  let heading;
  let field;
  if (question.type === 'single' || question.type === 'multiple') {
    const type = question.type === 'single' ? 'radio' : 'checkbox';
    heading = el('h3', {class: 'question-title', tabindex: '-1'}, inline(question.title), optional);
    const options = question.options.map((option, index) => {
      const id = `option-${index}`;
      const optionHint = option.hint ? el('div', {id: `${id}-hint`, class: 'option-hint'},
                                             inline(option.hint)) : null;
      return el('div', {class: option.exclusive ? 'option exclusive' : 'option'},
        el('input', {type, id, name: 'answer', value: option.id, checked: option.checked,
                     'aria-describedby': optionHint && `${id}-hint`}),
        el('label', {for: id}, inline(option.label)),
        optionHint);
    });
    field = el('fieldset', {class: errors.length ? 'field has-error' : 'field',
                            'aria-describedby': described(hintId, errorId)},
      el('legend', null, heading), hint, errorMessage, el('div', {class: 'options'}, options));
  } else if (question.type === 'number') {
    heading = el('h3', {class: 'question-title', tabindex: '-1'},
                 el('label', {for: 'answer'}, inline(question.title)), optional);
    const unitId = question.unit ? 'answer-unit' : null;
    field = el('div', {class: errors.length ? 'field has-error' : 'field'},
      heading, hint, errorMessage,
      el('div', {class: 'number'},
        el('input', {id: 'answer', name: 'answer', type: 'text', inputmode: 'numeric',
                     autocomplete: 'off', spellcheck: 'false', value: question.value ?? '',
                     'aria-invalid': errors.length ? 'true' : null,
                     'aria-describedby': described(hintId, errorId, unitId)}),
        question.unit ? el('span', {id: unitId, class: 'unit'}, inline(question.unit)) : null));
  } else {
    heading = el('h3', {class: 'question-title', tabindex: '-1'}, inline(question.title));
    field = el('div', {class: 'field info'}, heading, hint, el('div', {class: 'body'},
                                                              rich(question.body)));
  }

  const summary = errors.length ? errorSummary(t, question, errors) : null;
  const back = view.canGoBack
    ? el('button', {type: 'button', class: 'back', 'data-action': 'back'}, t('back')) : null;
  const form = el('form', {novalidate: true, autocomplete: 'off'},
    back, summary, field,
    el('div', {class: 'actions'}, el('button', {type: 'submit', class: 'primary'}, t('next'))));
  return {form, heading, summary};
}

function errorSummary(t, question, errors) {
  const target = (error) => {
    if (question.type === 'number') return 'answer';
    const index = question.options.findIndex((option) => option.id === error.option);
    return `option-${Math.max(index, 0)}`;
  };
  return el('div', {class: 'error-summary', role: 'alert', tabindex: '-1'},
    el('h3', null, t('errorTitle')),
    el('ul', null, errors.map((error) =>
      el('li', null, el('a', {href: `#${target(error)}`, 'data-focus': target(error)},
                        error.message)))));
}

/**
 * Marks a shown result with its id and kind, inside the closed root only, so that the browser
 * tests compare what a reader sees with `confide score` without going by titles.
 */
function resultMark(result) {
  return {'data-id': result.id, 'data-kind': result.kind};
}

/** The alerts, shown above everything from the step after their condition first holds. */
export function alertList(t, alerts) {
  if (!alerts.length) return [];
  return [el('h3', {class: 'alerts-title'}, t('alertsHeading')),
    ...alerts.map((alert) => el('section', {class: 'alert', role: 'alert', ...resultMark(alert)},
      el('h4', {tabindex: '-1'}, inline(alert.title)),
      rich(alert.body),
      resourceList(t, alert.resources, 'h5')))];
}

function resourceList(t, resources, level) {
  if (!resources?.length) return null;
  return el('div', {class: 'resources'},
    el(level, null, t('resourcesHeading')),
    el('ul', null, resources.map((resource) => el('li', null,
      el('p', {class: 'resource-title'}, el('strong', null, inline(resource.title))),
      rich(resource.body),
      resourceNote(t, resource)))));
}

function resourceNote(t, resource) {
  const parts = [];
  if (resource.region) parts.push(regionName(t, resource.region));
  if (resource.lastVerified) parts.push(t('verified', {date: dateText(t, resource.lastVerified)}));
  return parts.length ? el('p', {class: 'resource-note'}, parts.join(' · ')) : null;
}

function regionName(t, region) {
  try {
    return new Intl.DisplayNames([t.lang], {type: 'region'}).of(region) ?? region;
  } catch {
    return region;
  }
}

function dateText(t, isoDate) {
  try {
    return new Intl.DateTimeFormat(t.lang, {dateStyle: 'long', timeZone: 'UTC'})
      .format(new Date(`${isoDate}T00:00:00Z`));
  } catch {
    return isoDate;
  }
}

/** The results page: outcome, findings, the publisher's blocks, Start again and Print. */
export function resultsPage(t, meta, view, images) {
  const {outcome, findings, blocks} = view.results;
  const heading = el('h3', {class: 'results-title', tabindex: '-1'}, t('results'));
  const back = view.canGoBack
    ? el('button', {type: 'button', class: 'back', 'data-action': 'back'}, t('back')) : null;
  const page = el('div', {class: 'results'},
    back,
    heading,
    el('section', {class: 'outcome', ...resultMark(outcome)},
      el('p', {class: 'eyebrow'}, t('outcomeHeading')),
      el('h4', null, inline(outcome.title)),
      rich(outcome.body),
      resourceList(t, outcome.resources, 'h5')),
    findings.length ? el('section', {class: 'findings'},
      el('h4', null, t('findingsHeading')),
      findings.map((finding) => el('div', {class: 'finding', ...resultMark(finding)},
        el('h5', null, inline(finding.title)),
        rich(finding.body),
        resourceList(t, finding.resources, 'h6')))) : null,
    blocks.length ? el('section', {class: 'blocks'},
      el('h4', null, t('moreHeading', {brand: meta.brand ?? ''})),
      blocks.map((block) => publisherBlock(block, images))) : null,
    el('div', {class: 'actions'},
      el('button', {type: 'button', class: 'primary', 'data-action': 'restart'}, t('startAgain')),
      el('button', {type: 'button', class: 'secondary', 'data-action': 'print'}, t('print'))));
  return {page, heading};
}

function publisherBlock(block, images) {
  return el('div', {class: `block block-${block.kind}`},
    el('h5', null, inline(block.title)),
    rich(block.body),
    block.links?.length ? el('ul', {class: 'links'}, block.links.map((item) =>
      el('li', null, link(item.url, inline(item.label))))) : null,
    block.products?.length ? el('ul', {class: 'products'}, block.products.map((product) =>
      el('li', {class: 'product'},
        sameOriginImage(product.image, images),
        el('div', {class: 'product-text'},
          el('p', {class: 'product-name'}, link(product.url, inline(product.name))),
          product.price ? el('p', {class: 'price'}, inline(product.price)) : null,
          rich(product.description))))) : null,
    block.notice ? el('div', {class: 'notice'}, rich(block.notice)) : null);
}

function sameOriginImage(path, images) {
  // Only a same-origin path whose image arrived at load: showing it asks for nothing. One that
  // failed is left out, since drawing it would ask again and tell which block is shown.
  if (!images.has(path) || !path.startsWith('/') || path.startsWith('//')) return null;
  return el('img', {src: path, alt: '', width: '96', height: '96', decoding: 'async'});
}
