// Parity: for random answer sets (seeded; the seed is printed, SEED=n repeats a run), the
// widget shows exactly the outcome, findings and alerts that `confide score` prints.

import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {Check, cliScore, dist, runSeed, seededRandom} from './support/content.mjs';
import {clear, hostPage, insert, pcd, setUpFile, waitForEvent, widget}
  from './support/harness.mjs';
import {Reader} from './support/reader.mjs';
import {pressAndMove, shownResults, ui, walk} from './support/walk.mjs';

// 50 sets on pcd.json by default (40 with the health publisher, 10 with the retail one), and
// 10 each on PHQ-9 and GAD-7; PARITY_RUNS scales them all.
const runs = Number(process.env.PARITY_RUNS ?? 50);
const seed = runSeed();
let file;
before(async () => {
  file = await setUpFile(import.meta.url);
  file.note(`parity seed ${seed} (SEED=${seed} repeats it)`);
});
after(() => file?.tearDown());

const checks = [
  {name: 'pcd with the health publisher', src: pcd.src, publisher: pcd.publisher,
   file: pcd.file, publisherFile: pcd.publisherFile, runs: runs - Math.ceil(runs / 5)},
  {name: 'pcd with the retail publisher', src: pcd.src,
   publisher: '/confide/publishers/retail-demo.json', file: pcd.file,
   publisherFile: `${dist}/publishers/retail-demo.json`, runs: Math.ceil(runs / 5)},
  {name: 'phq9', src: '/confide/phq9.json', file: `${dist}/phq9.json`, runs: Math.ceil(runs / 5)},
  {name: 'gad7', src: '/confide/gad7.json', file: `${dist}/gad7.json`, runs: Math.ceil(runs / 5)},
];

for (const [index, subject] of checks.entries()) {
  test(`${subject.name}: ${subject.runs} random answer sets give the CLI's results`,
       {timeout: 600000}, async () => {
    const check = await Check.load(subject.file);
    const random = seededRandom(seed + index);
    const session = await file.session();
    const outcomes = new Map();
    try {
      await session.goto(file.server.page(`/parity-${index}.html`, hostPage()));
      await insert(session, widget(subject));
      await waitForEvent(session, 'confide-ready');
      const reader = new Reader(session);
      for (let run = 0; run < subject.runs; run++) {
        const answers = await walk(reader, check, {random});
        const expected = await cliScore(subject.file, answers,
                                        {publisher: subject.publisherFile});
        const shown = shownResults(await reader.snapshot(), check);
        assert.deepEqual(shown, {outcome: expected.outcome, findings: expected.findings,
                                 alerts: expected.alerts},
                         `run ${run} (seed ${seed}): answers ${JSON.stringify(answers)}`);
        outcomes.set(expected.outcome, (outcomes.get(expected.outcome) ?? 0) + 1);
        // "Start again" begins the next run from an empty first step.
        await pressAndMove(reader, ui.startAgain);
      }
      file.note(`${subject.name}: ${subject.runs} sets, outcomes ` +
                [...outcomes].map(([id, n]) => `${id}×${n}`).join(' '));
    } finally {
      await clear(session).catch(() => {});
      await session.close();
    }
  });
}
