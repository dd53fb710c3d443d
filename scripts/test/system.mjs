// What the tests need from the system, asked of .ci/run, which alone lists the Debian packages
// (and installs them, starts PostgreSQL and makes its test database). As root on Debian we let it
// do that; anyone else gets the one command to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { run } from '../run.mjs';

const ciRun = (...args) => execFileSync('bash', ['.ci/run', ...args], { encoding: 'utf8' }).trim();
const isRootOnDebian = () => process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');

/**
 * Makes sure what `needs` names (`chromium`, `firefox`, `webkit`, `postgres`) is installed, or
 * stops with the command that installs it.
 */
export async function requireSystem(needs) {
  const packages = ciRun('--missing', ...needs);
  if (!packages) return;
  if (isRootOnDebian()) {
    console.log(`\nInstalling what the tests need (${packages}) with .ci/run:`);
    await run('bash', ['.ci/run', '--system', ...needs], {
      system: true,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return;
  }
  console.error(
    `\nThe tests need these Debian packages: ${packages}. Install them, then run npm test again:\n\n` +
      `  sudo bash .ci/run --system ${needs.join(' ')}\n`,
  );
  process.exit(1);
}

/**
 * A PostgreSQL server for the database suites, as a connection URL: OPENCX_TEST_DATABASE_URL when
 * set, else the local cluster's test database (started and made by .ci/run when we may).
 */
export async function testDatabaseUrl() {
  if (process.env.OPENCX_TEST_DATABASE_URL) return process.env.OPENCX_TEST_DATABASE_URL;
  await requireSystem(['postgres']);
  let url = ciRun('--database-url');
  if (!url && isRootOnDebian()) {
    await run('bash', ['.ci/run', '--system', 'postgres'], { system: true });
    url = ciRun('--database-url');
  }
  if (url) return url;
  console.error(
    '\nThe database suites need a running PostgreSQL with a test database. Start one and make it with\n\n' +
      '  sudo bash .ci/run --system postgres\n\nor set OPENCX_TEST_DATABASE_URL to a database the tests may empty.\n',
  );
  process.exit(1);
}
