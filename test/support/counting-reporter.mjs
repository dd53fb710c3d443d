// Counts every test of every browser session so `npm test` can print one closing line for CI.
// The test runner's own summary shares its line with other text, which CI does not read.
import { writeFileSync } from 'node:fs';

function count(suite, totals) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else totals.failed += 1;
  }
  for (const child of suite?.suites ?? []) count(child, totals);
}

export function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        count(session.testResults, totals);
        // A file that did not load or threw outside a test has no results to count: one failure.
        if (!session.passed && (session.errors?.length || !session.testResults)) totals.failed += 1;
      }
      if (process.env.OPENCX_COUNTS_FILE) writeFileSync(process.env.OPENCX_COUNTS_FILE, JSON.stringify(totals));
    },
  };
}
