// The reference server as a process, and Chromium, for the Node suites that use them as a user
// would (test/node/, test/e2e/). The server is the one `npm start` runs: npm test builds it first.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How Chromium runs on our machines (Debian's package, as root, on a closed network): see README, "Tests". */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * `node server/dist/main.js` with `env` (PORT is picked when not given), resolved once it prints
 * its address. `stop()` sends SIGTERM and waits for the exit (SIGKILL after 5 s).
 */
export async function startServer(env = {}) {
  const port = Number(env.PORT ?? (await freePort()));
  const child = spawn(process.execPath, ['server/dist/main.js'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const base = `http://localhost:${port}`;
  const deadline = Date.now() + 60_000;
  while (!output.includes(base)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    port,
    base,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const late = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(late);
      }
      // The attachments kept beside a test's own database (docs/server.md, "Attachments") go with it.
      if (env.DATA_DIR && env.DATA_DIR !== 'memory' && !env.ATTACHMENTS_DIR) {
        rmSync(`${env.DATA_DIR}-attachments`, { recursive: true, force: true });
      }
    },
  };
}
