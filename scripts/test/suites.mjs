// Finding suites and counting what they did: node:test files (their TAP totals) and the browser
// suites (the counting reporter's file).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every `*.test.ts` or `*.test.mjs` under the folders, sorted. Named rather than left to Node's
 * search, which in Node 20 skips TypeScript and takes any script under a folder named `test`.
 */
export function testFiles(...folders) {
  return folders.flatMap((folder) =>
    readdirSync(folder, { recursive: true })
      .filter((file) => /\.test\.(?:ts|mjs)$/.test(file))
      .map((file) => join(folder, file))
      .sort(),
  );
}

/** node --test's options for printing as it goes and writing TAP to `tap`, whose totals tapCounts reads. */
export const reporters = (tap) => [
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${tap}`,
];

export function tapCounts(tap) {
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const read = (label) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  // A run that wrote no totals did not run: that is a failure, not zero tests.
  if (!text.includes('# pass')) return { passed: 0, failed: 1, skipped: 0 };
  return { passed: read('pass'), failed: read('fail') + read('cancelled'), skipped: read('skipped') + read('todo') };
}

/** The browser suites' counts, written by test/support/counting-reporter.mjs; a run that wrote none failed. */
export function browserCounts(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
}
