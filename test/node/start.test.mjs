// The server `npm start` runs, as a process: what a newcomer gets after `npm install && npm start`
// (npm test builds first, so dist/ and server/dist/ exist).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';

let child;
let base;
let port;

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
}

function start(env) {
  return spawn(process.execPath, ['server/dist/main.js'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

before(async () => {
  port = await freePort();
  base = `http://localhost:${port}`;
  child = start({ PORT: String(port), DATA_DIR: 'memory' });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  while (!output.includes(`http://localhost:${port}`)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

after(() => child.exitCode === null && child.kill('SIGKILL'));

test('serves the demo page and the self-contained widget', async () => {
  const page = await fetch(base + '/');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<opencx-chat id="chat" widget-id="demo">/);
  const embed = await fetch(base + '/dist/embed.js');
  assert.equal(embed.status, 200);
  assert.match(embed.headers.get('content-type'), /javascript/);
  assert.doesNotMatch(await embed.text(), /from\s*["'](lit|rxjs|valibot|marked)["']/, 'no bare imports left');
});

test('the demo widget answers from docs/ with a citation to the right page', async () => {
  const response = await fetch(base + '/api/widget/chat', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: base },
    body: JSON.stringify({ widgetId: 'demo', message: 'How do I change the primary colour?' }),
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('access-control-allow-origin'), base);
  const answer = await response.json();
  assert.equal(answer.wasRefused, false);
  assert.match(answer.citations[0].pageUrl, new RegExp(`^${base}/docs/(styling|elements)\\.md#`));
  const cited = await fetch(answer.citations[0].pageUrl.replace(/#.*/, ''));
  assert.equal(cited.status, 200, 'the cited page is served');
});

test('other websites may not use the demo widget', async () => {
  const response = await fetch(base + '/api/widget/demo/prelude', { headers: { Origin: 'https://elsewhere.example' } });
  assert.equal(response.status, 403);
  assert.equal((await response.json()).error.code, 'origin_not_allowed');
});

test('stops cleanly on SIGTERM', async () => {
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
});

test('says clearly that DATABASE_URL is not supported yet, instead of ignoring it', async () => {
  const other = start({ PORT: String(await freePort()), DATA_DIR: 'memory', DATABASE_URL: 'postgres://localhost/x' });
  let errors = '';
  other.stderr.on('data', (chunk) => (errors += chunk));
  const [code] = await once(other, 'exit');
  assert.equal(code, 1);
  assert.match(errors, /DATABASE_URL .* is not supported yet/);
});
