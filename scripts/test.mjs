// `npm test`: every check the project has, ending with one line CI reads:
//   N passed, N failed, N skipped
// Steps: what the system must provide (browsers, PostgreSQL: asked of .ci/run, which installs it
// when we are root, else we stop with the command), lint, import cycles, types, format, build, size budgets, the
// server's suites (TypeScript, on PGlite and on that PostgreSQL), the widget's Node suites (the
// package, the contract between the server and the browser tests' mock, the processes a user
// runs, end to end), then the browser suites in Chromium, Firefox and WebKit.
// `--only node|browser` runs one kind of suite while developing.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run.mjs';
import { browserCounts, reporters, tapCounts, testFiles } from './test/suites.mjs';
import { requireSystem, testDatabaseUrl } from './test/system.mjs';
import { freePort, startWebKitDriver } from './test/webkit-driver.mjs';

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const browsers = (process.env.OPENCX_BROWSERS ?? 'chromium,firefox,webkit').split(',').map((b) => b.trim());
const totals = { passed: 0, failed: 0, skipped: 0 };
const scratch = mkdtempSync(join(tmpdir(), 'opencx-test-'));
const problems = [];

async function step(name, action) {
  console.log(`\n== ${name}`);
  try {
    await action();
  } catch (error) {
    problems.push(`${name}: ${error.message}`);
    console.error(`!! ${name} failed: ${error.message}`);
  }
}

/** Runs `action`, then adds what `counts()` read of it to the totals, whether it passed or not. */
async function counted(suite, action, counts) {
  try {
    await action();
  } finally {
    const c = counts();
    for (const key of Object.keys(totals)) totals[key] += c[key] ?? 0;
    console.log(`   ${suite}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  }
}

/** The committed manifest must be what the analyzer makes of the source now. */
async function manifestUpToDate() {
  const committed = existsSync('custom-elements.json') ? readFileSync('custom-elements.json', 'utf8') : '';
  await run('cem', ['analyze', '--quiet']);
  if (readFileSync('custom-elements.json', 'utf8') !== committed) {
    throw new Error('custom-elements.json was out of date; it has been regenerated: review and commit it');
  }
}

function nodeSuites(suite, { files, options = [], env }) {
  const tap = join(scratch, `${suite}.tap`);
  return counted(
    suite,
    () => run(process.execPath, [...options, '--test', ...reporters(tap), ...files], { system: true, env }),
    () => tapCounts(tap),
  );
}

async function browserSuites() {
  const countsFile = join(scratch, 'browser.json');
  const env = { ...process.env, OPENCX_COUNTS_FILE: countsFile, OPENCX_BROWSERS: browsers.join(',') };
  let stopDriver = () => {};
  await counted(
    `browsers (${browsers.join(', ')})`,
    async () => {
      if (browsers.includes('webkit')) {
        env.WEBKIT_WEBDRIVER_PORT = String(await freePort());
        stopDriver = await startWebKitDriver(Number(env.WEBKIT_WEBDRIVER_PORT));
      }
      await run('wtr', [], { env });
    },
    () => {
      stopDriver();
      return browserCounts(countsFile);
    },
  );
}

// The Node suites drive Chromium too (end to end, the framework examples) and need PostgreSQL.
await requireSystem([
  ...new Set([...(only === 'browser' ? [] : ['chromium', 'postgres']), ...(only === 'node' ? [] : browsers)]),
]);
if (!only) {
  await step('lint (eslint)', () => run('eslint', ['.']));
  // Type-only imports count: a cycle of types is still two modules that cannot change apart.
  await step('import cycles (dpdm)', () => run('npm', ['run', '--silent', 'lint:cycles'], { system: true }));
  await step('types (tsc --noEmit, widget and server)', async () => {
    await run('tsc', ['--noEmit', '-p', '.']);
    await run('tsc', ['-p', 'server']);
  });
  await step('format (prettier --check)', () => run('prettier', ['--check', '--log-level', 'warn', '.']));
  await step('custom-elements.json is up to date', manifestUpToDate);
}
await step('build', () => run(process.execPath, ['scripts/build.mjs'], { system: true }));
await step('size budgets (bench/size.mjs)', () => run(process.execPath, ['bench/size.mjs'], { system: true }));
if (only !== 'browser') {
  const env = { ...process.env, OPENCX_TEST_DATABASE_URL: await testDatabaseUrl() };
  await step('server suites (server/test)', () =>
    nodeSuites('server', { files: testFiles('server/test'), options: ['--import', 'tsx'], env }),
  );
  await step('node suites (test/node, test/contract, test/e2e)', () =>
    nodeSuites('node', { files: testFiles('test/node', 'test/contract', 'test/e2e'), env }),
  );
}
if (only !== 'node') await step('browser suites', browserSuites);

rmSync(scratch, { recursive: true, force: true });
if (totals.passed === 0) problems.push('no test ran');
if (problems.length) console.error(`\nProblems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(problems.length || totals.failed ? 1 : 0);
