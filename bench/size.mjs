// Size budgets (bench/README.md), checked by `npm test` after the build: what a page downloads before
// the visitor's first intent, and everything the widget ever loads, in gzip -9 bytes. 1 KB = 1,024 bytes.
//
//   node bench/size.mjs          prints both figures, exits 1 when one is over its budget
//
// Before intent: dist/embed.js and every chunk it imports statically, plus, for the tag-manager
// path, dist/embed-classic.js in front of them. Everything: those, and every chunk reachable
// through dynamic imports (the runtime and panel, the standalone trigger's binding, the error
// classes, the logger, LaunchChatWidget's failures), counting one language: a visitor's page loads one, and the largest is counted.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const KB = 1024;
const BUDGETS = { beforeIntent: 10 * KB, everything: 50 * KB };
const LANGUAGE = /\/(es|fr|de|pt|nl|it|ja|zh|ar|he)-[\w-]+\.js$/;

const gzip = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The chunks `file` imports: `import … from "./x.js"` / `import "./x.js"` (static) and `import("./x.js")`. */
function importsOf(file) {
  const code = readFileSync(file, 'utf8');
  const resolve = (specifier) => join(dirname(file), specifier);
  return {
    static: [...code.matchAll(/(?:^|[;\s}])import\s*(?:[\w${},\s*]+from\s*)?[`"'](\.[^`"']+)[`"']/g)].map((m) =>
      resolve(m[1]),
    ),
    dynamic: [...code.matchAll(/\bimport\(\s*[`"'](\.[^`"']+)[`"']\s*\)/g)].map((m) => resolve(m[1])),
  };
}

/** Every chunk reachable from `entry`, through static imports only or through any. */
function reach(entry, { dynamic }) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const imports = importsOf(file);
    for (const next of [...imports.static, ...(dynamic ? imports.dynamic : [])]) visit(next);
  };
  visit(entry);
  return [...seen];
}

const entry = 'dist/embed.js';
const upFront = reach(entry, { dynamic: false });
const all = reach(entry, { dynamic: true });
const languages = all.filter((f) => LANGUAGE.test(f));
const largestLanguage = languages.sort((a, b) => gzip(b) - gzip(a))[0];
const ever = all.filter((f) => !LANGUAGE.test(f) || f === largestLanguage);

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
