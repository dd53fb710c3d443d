// Size budgets (bench/README.md), checked by `npm test` after the build: what a page downloads before
// the visitor's first intent, and everything the widget ever loads, in gzip -9 bytes. 1 KB = 1,024 bytes.
//
//   node bench/size.mjs          prints both figures, exits 1 when one is over its budget
//
// Before intent: dist/embed.js and every chunk it imports statically, plus, for the tag-manager
// path, dist/embed-classic.js in front of them. Everything: those, and every chunk reachable
// through dynamic imports (the runtime and panel, the standalone trigger's binding, the error
// classes, the logger, LaunchChatWidget's failures), counting one language: a visitor's page loads one, and the largest is counted.
import { relative } from 'node:path';
import { gzip, widgetFiles } from './bundle-files.mjs';

const KB = 1024;
const BUDGETS = { beforeIntent: 10.2 * KB, everything: 56 * KB };
const { upFront, ever } = widgetFiles();

const sum = (files) => files.reduce((total, f) => total + gzip(f), 0);
const rows = [
  ['before intent (module script)', upFront, BUDGETS.beforeIntent],
  ['before intent (embed-classic.js)', ['dist/embed-classic.js', ...upFront], BUDGETS.beforeIntent],
  ['everything, one language', ever, BUDGETS.everything],
];
let over = false;
console.log('gzip -9 bytes (1 KB = 1,024 bytes)');
for (const [name, files, budget] of rows) {
  const size = sum(files);
  over ||= size > budget;
  console.log(
    `${size > budget ? '!!' : 'ok'} ${name}: ${size} bytes (${(size / KB).toFixed(1)} KB) of ${budget / KB} KB` +
      `  [${files.map((f) => `${relative('dist', f)} ${gzip(f)}`).join(', ')}]`,
  );
}
if (over) {
  console.error('Over budget: see bench/README.md for what loads when.');
  process.exit(1);
}
