// Counts every test of every browser session so `npm test` can print one closing line for CI.
// The test runner's own summary shares its line with other text, which CI does not read. It also
// prints the tests that say how much they tried ("each of 2,013 attack strings"), which the
// runner's own report, printing failures only, would not show.
import { writeFileSync } from 'node:fs';

/** A test, or a suite, named for how many cases it tried. */
const TRIED = /\beach of \d+\b/;

/** Counts `suite`'s tests into `totals`, and the passed ones named for what they tried into `tried`; true when all passed. */
function count(suite, totals, tried) {
  let passed = true;
  for (const test of suite?.tests ?? []) {
    if (test.passed && TRIED.test(test.name)) tried.push(test.name);
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else totals.failed += 1;
    passed &&= test.passed || test.skipped;
  }
  for (const child of suite?.suites ?? []) {
    const all = count(child, totals, tried);
    if (all && TRIED.test(child.name)) tried.push(child.name);
    passed &&= all;
  }
  return passed;
}

export function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      const tried = new Set();
      for (const session of sessions) {
        const names = [];
        count(session.testResults, totals, names);
        for (const name of names) tried.add(`${session.browser.name}: ${name}`);
        // A file that did not load or threw outside a test has no results to count: one failure.
        if (!session.passed && (session.errors?.length || !session.testResults)) totals.failed += 1;
      }
      for (const line of tried) console.log(`tried, and passed in ${line}`);
      if (process.env.OPENCX_COUNTS_FILE) writeFileSync(process.env.OPENCX_COUNTS_FILE, JSON.stringify(totals));
    },
  };
}
