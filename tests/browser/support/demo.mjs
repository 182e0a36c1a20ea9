// The demo's article pages, as the test server serves them (see `mounts` in harness.mjs).

import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {repo} from './content.mjs';

/** [{path, widgets}] for every demo page (web/demo/, served at /) holding a <confide-check>. */
export function demoPages() {
  const pages = [];
  const visit = (folder, prefix) => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder, {withFileTypes: true})) {
      if (entry.isDirectory()) visit(join(folder, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith('.html')) {
        const html = readFileSync(join(folder, entry.name), 'utf8');
        const widgets = (html.match(/<confide-check\b/g) ?? []).length;
        if (widgets) pages.push({path: `${prefix}${entry.name}`, widgets});
      }
    }
  };
  visit(join(repo, 'web/demo'), '/');
  return pages;
}
