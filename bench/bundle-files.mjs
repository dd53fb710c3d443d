// Which files of dist/ a page downloads: before the visitor's first intent, and ever (one
// language). Shared by the size budgets (size.mjs) and the side-by-side benchmarks.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const LANGUAGE = /\/(es|fr|de|pt|nl|it|ja|zh|ar|he)-[\w-]+\.js$/;

export const gzip = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
export const brotli = (file) =>
  brotliCompressSync(readFileSync(file), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

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

/** `upFront`: dist/embed.js and its static imports; `ever`: everything reachable, counting the largest language. */
export function widgetFiles(entry = 'dist/embed.js') {
  const upFront = reach(entry, { dynamic: false });
  const all = reach(entry, { dynamic: true });
  const languages = all.filter((f) => LANGUAGE.test(f));
  const largestLanguage = languages.sort((a, b) => gzip(b) - gzip(a))[0];
  return { upFront, ever: all.filter((f) => !LANGUAGE.test(f) || f === largestLanguage) };
}
