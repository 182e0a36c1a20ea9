// The checks as the tests need them: the reader-visible text of every question, option and
// result (to recognise them on screen), random answers from a seeded generator, and the CLI
// that says what the widget must show for those answers.

import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const dist = resolve(repo, process.env.CONFIDE_DIST ?? 'build/wasm/dist');
export const cli = resolve(repo, process.env.CONFIDE_CLI ?? 'build/native/confide');
export const fixtures = resolve(repo, 'tests/browser/fixtures');

/** A Text (string or {locale: string}) in `lang`, falling back to the first locale. */
export function localized(text, content, lang = 'en') {
  if (text == null) return '';
  if (typeof text === 'string') return text;
  return text[lang] ?? text[content.locales[0]] ?? '';
}

/** What the reader sees of inline markup: the labels of links, no asterisks, no escapes. */
export function plain(markup) {
  let out = '';
  for (let i = 0; i < markup.length; i++) {
    const c = markup[i];
    if (c === '\\' && i + 1 < markup.length && '*[]()\\'.includes(markup[i + 1])) {
      out += markup[++i];
    } else if (c === '*') {
      continue;
    } else if (c === '[') {
      const close = markup.indexOf('](', i);
      const end = close >= 0 ? markup.indexOf(')', close) : -1;
      if (close >= 0 && end >= 0) {
        out += plain(markup.slice(i + 1, close));
        i = end;
      } else {
        out += c;
      }
    } else {
      out += c;
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** One check (assessment file) with lookups by what the reader sees. */
export class Check {
  constructor(path, json, lang = 'en') {
    this.path = path;
    this.json = json;
    this.lang = lang;
    this.id = json.id;
  }

  static async load(path, lang) {
    return new Check(path, JSON.parse(await readFile(path, 'utf8')), lang);
  }

  text(value) {
    return plain(localized(value, this.json, this.lang));
  }

  get questions() {
    return this.json.questions;
  }

  question(id) {
    return this.json.questions.find((q) => q.id === id);
  }

  /** The question whose title the reader sees as `title` (ignoring a trailing "(optional)"). */
  questionByTitle(title) {
    const shown = title.replace(/\s*\([^)]*\)\s*$/, '');
    return this.json.questions.find((q) => this.text(q.title) === title) ??
      this.json.questions.find((q) => this.text(q.title) === shown) ?? null;
  }

  optionByLabel(question, label) {
    return question.options?.find((o) => this.text(o.label) === label) ?? null;
  }

  label(question, optionId) {
    return this.text(question.options.find((o) => o.id === optionId).label);
  }

  results(kind) {
    return this.json[{outcome: 'outcomes', finding: 'findings', alert: 'alerts'}[kind]] ?? [];
  }

  result(kind, id) {
    return this.results(kind).find((r) => r.id === id);
  }

  /** Result ids whose title is `title`, in kind order outcome, finding, alert. */
  resultsByTitle(title) {
    const found = [];
    for (const kind of ['outcome', 'finding', 'alert']) {
      for (const result of this.results(kind)) {
        if (this.text(result.title) === title) found.push({kind, id: result.id});
      }
    }
    return found;
  }
}

/** A small, fast, seeded generator (mulberry32): the same seed gives the same answers. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (list) => list[next.int(list.length)];
  return next;
}

/** The seed of this run: SEED from the environment, else a fresh one (printed by the test). */
export function runSeed() {
  const given = Number.parseInt(process.env.SEED ?? '', 10);
  return Number.isFinite(given) ? given >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
}

/**
 * A random answer a reader might give: an option id, a list of option ids (an exclusive option
 * alone, or a non-empty set of the others), or a whole number in range; null to skip an
 * optional question.
 */
export function randomAnswer(question, random) {
  if (question.type === 'info') return null;
  if (question.required === false && random() < 0.25) return null;
  if (question.type === 'single') return random.pick(question.options).id;
  if (question.type === 'number') {
    const min = question.min ?? 0;
    const max = question.max ?? min + 100;
    return min + random.int(max - min + 1);
  }
  const exclusive = question.options.filter((o) => o.exclusive);
  const others = question.options.filter((o) => !o.exclusive);
  if (exclusive.length && random() < 0.2) return [random.pick(exclusive).id];
  const chosen = others.filter(() => random() < 0.4).map((o) => o.id);
  return chosen.length ? chosen : [random.pick(others).id];
}

/** `confide score` for these answers: {outcome, scales, findings, alerts}. */
export async function cliScore(assessmentPath, answers, {publisher} = {}) {
  const folder = await mkdtemp(join(tmpdir(), 'confide-parity-'));
  try {
    const file = join(folder, 'answers.json');
    await writeFile(file, JSON.stringify(answers));
    const args = ['score', assessmentPath, file, ...(publisher ? ['--publisher', publisher] : [])];
    const stdout = await new Promise((done, fail) => {
      execFile(cli, args, {timeout: 10000}, (error, out, err) => {
        if (error) fail(new Error(`confide ${args.join(' ')} failed: ${err || error.message}`));
        else done(out);
      });
    });
    return JSON.parse(stdout);
  } finally {
    await rm(folder, {recursive: true, force: true});
  }
}
