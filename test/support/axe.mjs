// axe-core in a Playwright page, for the end-to-end suites. Evaluated rather than added as a
// <script>: the console's Content-Security-Policy refuses scripts that are not its own, and this
// is how a test reads a page that is locked down as it is in use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './server.mjs';

const SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** The page's axe violations as `rule: targets` lines (none: an empty list). */
export async function axeViolations(page) {
  await page.evaluate(SOURCE);
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}
