// The pages the benchmark loads. Each is the same host article (a headline and a few
// paragraphs, no other scripts or styles) with one way of asking the PHQ-9 questions in it:
//   blank    the article alone (the baseline for JS heap and DOM nodes)
//   floor    a plain static HTML form of the 9 questions, text from content/phq9.json, with a
//            few lines of JS for the total
//   confide  build/wasm/dist/'s embed snippet (embed.html: stylesheet, wasm and content
//            preloads, module script, with their integrity hashes) showing content/phq9.json
//   pcd      the same snippet with its own element: content/pcd.json and the health publisher
//   surveyjs survey-core + survey-js-ui (framework-free UI), the fontless stylesheet, the same
//            PHQ-9 one question per page, the total as a calculated expression
// A page says it is interactive with a `bench-ready` event on document; the Confide pages
// say it with `confide-ready`, which the probe listens for.

import {existsSync, readFileSync} from 'node:fs';

const text = (value) => (typeof value === 'string' ? value : value?.en ?? Object.values(value ?? {})[0] ?? '');
const plain = (value) => text(value).replace(/\*\*?([^*]+)\*\*?/g, '$1');
const escape = (value) => String(value).replace(/[&<>"']/g,
  (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]);

/** The host article around `body`, with `head` in its head. */
export function article({title, head = '', body = ''}) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
${head}
</head>
<body>
<main>
<h1>How have you been feeling lately?</h1>
<p>Everyone has low days. When they stack up over weeks, it can help to put a number on how
often the usual signs of low mood have turned up, and to know what that number usually means.</p>
<p>The short questionnaire below is the PHQ-9, which doctors use worldwide. It takes about two
minutes.</p>
${body}
<h2>What happens next</h2>
<p>A score is not a diagnosis. Whatever your result, talking to someone you trust, or to your
doctor, is a good next step if something does not feel right.</p>
</main>
</body>
</html>`;
}

export function blankPage() {
  return article({title: 'Blank article', body: `<div id="slot"></div>
<script>document.dispatchEvent(new Event('bench-ready'));</script>`});
}

/** The floor: the plain form, everything in one document, interactive when its script ran. */
export function floorPage(phq9) {
  const questions = phq9.questions.filter((q) => q.type === 'single');
  const fieldsets = questions.map((q, n) => `<fieldset>
<legend>${n + 1}. ${escape(plain(q.title))}</legend>
${q.options.map((o) => `<label><input type="radio" name="${escape(q.id)}" value="${escape(o.id)}"> ${escape(plain(o.label))}</label>`).join('\n')}
</fieldset>`).join('\n');
  const form = `<form id="phq9">
<p>${escape(plain(questions[0].hint))}</p>
${fieldsets}
<p>Total: <output id="total">0</output> of 27</p>
</form>
<script>
const form = document.getElementById('phq9');
const total = document.getElementById('total');
form.addEventListener('change', () => {
  let sum = 0;
  for (const input of form.querySelectorAll('input:checked')) sum += Number(input.value);
  total.textContent = sum;
});
document.dispatchEvent(new Event('bench-ready'));
</script>`;
  return article({title: 'Floor: plain form', body: form});
}

/** The head and element of build/wasm/dist/embed.html, or the plain snippet without it. */
export function embedSnippet(dist) {
  const file = `${dist}/embed.html`;
  const source = existsSync(file) ? readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '') : '';
  const head = source.match(/<(?:link|script)\b[^>]*>(?:<\/script>)?/g)?.join('\n') ??
    '<link rel="stylesheet" href="/confide/confide.css">\n' +
    '<script type="module" src="/confide/confide.js"></script>';
  return {head, fromEmbed: Boolean(source)};
}

/** The snippet's head with its content preloads pointed at this page's files, as it asks. */
function headFor(head, files) {
  const preload = (href) => `<link rel="preload" href="${href}" as="fetch" crossorigin="anonymous">`;
  const tags = head.split('\n');
  const kept = tags.filter((tag) => !/rel="preload"[^>]*href="[^"]*\.json"/.test(tag));
  if (kept.length === tags.length) return head;  // a snippet without content preloads
  const at = kept.findIndex((tag) => tag.startsWith('<script'));
  kept.splice(at < 0 ? kept.length : at, 0, ...files.filter(Boolean).map(preload));
  return kept.join('\n');
}

export function confidePage(dist, {src = '/confide/phq9.json', publisher = null, title} = {}) {
  const head = headFor(embedSnippet(dist).head, [src, publisher]);
  const attributes = `src="${src}"${publisher ? ` publisher="${publisher}"` : ''}`;
  return article({title: title ?? 'Confide', head,
                  body: `<confide-check ${attributes}></confide-check>`});
}

/** The PHQ-9 as a SurveyJS model: one question per page, total and outcome as expressions. */
export function surveyModel(phq9) {
  const questions = phq9.questions.filter((q) => q.type === 'single');
  const names = questions.map((q) => `{${q.id}}`).join(', ');
  const outcomes = phq9.outcomes.map((outcome) => {
    const when = outcome.when ?? {};
    const [lo, hi] = when.between ?? [when.atLeast ?? 0, when.atMost ?? 27];
    return {expression: `{total} >= ${lo} and {total} <= ${hi}`,
            html: `<h3>${escape(plain(outcome.title))}</h3><p>Your total is {total} of 27.</p>`};
  });
  return {
    title: plain(phq9.title),
    description: plain(phq9.intro),
    questionsOnPageMode: 'questionPerPage',
    showProgressBar: 'top',
    elements: questions.map((q) => ({
      type: 'radiogroup', name: q.id, title: plain(q.title), description: plain(q.hint),
      isRequired: true,
      choices: q.options.map((o) => ({value: Number(o.id), text: plain(o.label)})),
    })),
    calculatedValues: [{name: 'total', expression: `sum(${names})`, includeIntoResult: true}],
    completedHtmlOnCondition: outcomes,
  };
}

export function surveyPage(phq9) {
  const head = `<link rel="stylesheet" href="/sjs/survey-core/survey-core.fontless.min.css">
<script src="/sjs/survey-core/survey.core.min.js"></script>
<script src="/sjs/survey-js-ui/survey-js-ui.min.js"></script>`;
  const body = `<div id="survey"></div>
<script>
const survey = new Survey.Model(${JSON.stringify(surveyModel(phq9))});
let rendered = false;
survey.onAfterRenderSurvey.add(() => { rendered = true; });
survey.render(document.getElementById('survey'));
window.__survey = survey;
const ready = () => document.dispatchEvent(new Event('bench-ready'));
if (rendered) ready(); else survey.onAfterRenderSurvey.add(ready);
</script>`;
  return article({title: 'SurveyJS', head, body});
}
