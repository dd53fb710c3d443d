// `npm test`: every check the project has, ending with one line CI reads:
//   N passed, N failed, N skipped
// Steps: the browsers and a PostgreSQL server are there (installed from Debian's packages when we
// are root, else the exact command to run), lint, types, format, build, size budgets, the Node suites (the
// database suite on PGlite and on that PostgreSQL), then the browser suites in
// Chromium, Firefox and WebKit. `--only node|browser` runs one kind of suite while developing.
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run.mjs';

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const browsers = (process.env.OPENCX_BROWSERS ?? 'chromium,firefox,webkit').split(',').map((b) => b.trim());
const totals = { passed: 0, failed: 0, skipped: 0 };
const scratch = mkdtempSync(join(tmpdir(), 'opencx-test-'));
const problems = [];

const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const NEEDS = {
  chromium: { files: ['/usr/bin/chromium'], packages: ['chromium'] },
  firefox: { files: ['/usr/bin/firefox-esr'], packages: ['firefox-esr'] },
  webkit: {
    files: ['/usr/bin/WebKitWebDriver', MINIBROWSER, '/usr/bin/xvfb-run', '/usr/bin/xauth'],
    packages: ['webkit2gtk-driver', 'xvfb', 'xauth'],
  },
};

async function ensureBrowsers() {
  const missing = browsers.filter((b) => NEEDS[b]?.files.some((f) => !existsSync(f)));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.flatMap((b) => NEEDS[b].packages))];
  const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(`\nInstalling the test browsers (${missing.join(', ')}): ${command}`);
    await run('sh', ['-c', command], { system: true, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return;
  }
  console.error(
    `\nThe browser tests need ${missing.join(', ')}. Install them (Debian), then run npm test again:\n\n  sudo ${command}\n`,
  );
  process.exit(1);
}

/**
 * A PostgreSQL server for the database suite, as a connection URL: OPENCX_TEST_DATABASE_URL when
 * set; else Debian's postgresql (installed when we are root), its cluster started, and a role and
 * database of our own in it.
 */
async function ensurePostgres() {
  if (process.env.OPENCX_TEST_DATABASE_URL) return process.env.OPENCX_TEST_DATABASE_URL;
  const sh = (command, options = {}) =>
    execSync(command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options }).trim();
  if (!existsSync('/usr/bin/pg_lsclusters')) {
    const command = 'apt-get update && apt-get install -y postgresql';
    if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
      console.error(
        `\nThe database suite needs a PostgreSQL server. Install one (Debian), or set OPENCX_TEST_DATABASE_URL:\n\n  sudo ${command}\n`,
      );
      process.exit(1);
    }
    console.log(`\nInstalling PostgreSQL for the database suite: ${command}`);
    await run('sh', ['-c', command], { system: true, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  let clusters = sh('pg_lsclusters -h')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(/\s+/));
  if (clusters.length === 0) {
    const version = readdirSync('/usr/lib/postgresql').sort().at(-1);
    sh(`pg_createcluster ${version} main`);
    clusters = sh('pg_lsclusters -h')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(/\s+/));
  }
  const [version, name, port, status] = clusters[0];
  if (status !== 'online') sh(`pg_ctlcluster ${version} ${name} start`);
  const psql = (sql) => sh(`runuser -u postgres -- psql -p ${port} -qAt -c ${JSON.stringify(sql)}`);
  if (!psql(`select 1 from pg_roles where rolname = 'opencx_test'`))
    psql(`create role opencx_test login password 'opencx_test'`);
  if (!psql(`select 1 from pg_database where datname = 'opencx_test'`))
    psql('create database opencx_test owner opencx_test');
  return `postgres://opencx_test:opencx_test@127.0.0.1:${port}/opencx_test`;
}

async function step(name, action) {
  console.log(`\n== ${name}`);
  try {
    await action();
  } catch (error) {
    problems.push(`${name}: ${error.message}`);
    console.error(`!! ${name} failed: ${error.message}`);
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

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket.end() && true));
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs / 1000} s`);
}

/** WebKitWebDriver under a virtual X display; returns the function that stops both. */
async function startWebKitDriver(port) {
  const driver = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], { detached: true, stdio: 'ignore' });
  const stop = () => {
    try {
      process.kill(-driver.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', stop);
  await waitForPort(port, 20_000);
  return stop;
}

function addCounts(counts, suite) {
  for (const key of Object.keys(totals)) totals[key] += counts[key] ?? 0;
  console.log(`   ${suite}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}

async function nodeSuites() {
  const tap = join(scratch, 'node.tap');
  try {
    const env = { ...process.env, OPENCX_TEST_DATABASE_URL: await ensurePostgres() };
    await run(
      process.execPath,
      [
        '--test',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
        'test/node/',
        'test/e2e/',
      ],
      { system: true, env },
    );
  } finally {
    const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
    const read = (label) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    addCounts(
      { passed: read('pass'), failed: read('fail') + read('cancelled'), skipped: read('skipped') + read('todo') },
      'node',
    );
  }
}

async function browserSuites() {
  const countsFile = join(scratch, 'browser.json');
  const env = { ...process.env, OPENCX_COUNTS_FILE: countsFile, OPENCX_BROWSERS: browsers.join(',') };
  let stopDriver = () => {};
  if (browsers.includes('webkit')) {
    env.WEBKIT_WEBDRIVER_PORT = String(await freePort());
    stopDriver = await startWebKitDriver(Number(env.WEBKIT_WEBDRIVER_PORT));
  }
  try {
    await run('wtr', [], { env });
  } finally {
    stopDriver();
    const counts = existsSync(countsFile)
      ? JSON.parse(readFileSync(countsFile, 'utf8'))
      : { passed: 0, failed: 1, skipped: 0 };
    addCounts(counts, `browsers (${browsers.join(', ')})`);
  }
}

if (only !== 'node') await ensureBrowsers();
if (!only) {
  await step('lint (eslint)', () => run('eslint', ['.']));
  await step('types (tsc --noEmit)', () => run('tsc', ['--noEmit', '-p', '.']));
  await step('format (prettier --check)', () => run('prettier', ['--check', '--log-level', 'warn', '.']));
}
if (!only) await step('custom-elements.json is up to date', manifestUpToDate);
await step('build', () => run(process.execPath, ['scripts/build.mjs'], { system: true }));
await step('size budgets (bench/size.mjs)', () => run(process.execPath, ['bench/size.mjs'], { system: true }));
if (only !== 'browser') await step('node suites', nodeSuites);
if (only !== 'node') await step('browser suites', browserSuites);

rmSync(scratch, { recursive: true, force: true });
if (totals.passed === 0) problems.push('no test ran');
if (problems.length) console.error(`\nProblems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(problems.length || totals.failed ? 1 : 0);
