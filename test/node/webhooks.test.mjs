// Webhooks as an operator meets them (docs/console.md, "Webhooks"): registered with the CLI,
// sent by the server `npm start` runs, signed as documented — and not lost when the receiver is
// down and the server restarts meanwhile: the outbox is in the database.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { freePort, ROOT, startServer } from '../support/server.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'opencx-webhooks-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const cli = async (...args) =>
  (
    await promisify(execFile)(process.execPath, ['server/dist/cli.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir },
    })
  ).stdout;

/** The receiver's check, as docs/console.md gives it to customers. */
function verify(secret, body, header) {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=')));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  const fresh = Math.abs(Date.now() / 1000 - Number(parts.t)) <= 300;
  return fresh && given.length === expected.length && timingSafeEqual(given, expected);
}

test('an escalation made while the receiver is down arrives, signed, after the server restarts', async (t) => {
  const port = await freePort();
  await cli('widget', 'set', 'shop', '--name', 'Shop');
  const added = await cli(
    'webhook',
    'add',
    'shop',
    `http://127.0.0.1:${port}/hooks`,
    '--event',
    'conversation.escalated',
  );
  const secret = /Signing secret \(shown once; [^)]*\): (whsec_\S+)/.exec(added)?.[1];
  assert.ok(secret, added);

  let server = await startServer({ DATA_DIR: dataDir });
  t.after(() => server.stop());
  const post = async (path, body, headers = {}) =>
    (
      await fetch(`${server.base}/api/widget/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ widgetId: 'shop', ...body }),
      })
    ).json();
  const { visitorToken } = await post('visitors', {});
  const headers = { 'X-Visitor-Token': visitorToken };
  const { conversationId } = await post('chat', { message: 'Is anyone there?' }, headers);
  const { ticketId } = await post('escalate', { conversationId, email: 'v@example.com', message: 'Help' }, headers);
  assert.match(ticketId, /^T-\d+$/, 'the escalation does not wait for the webhook');
  // Nothing listens yet: the first try fails, and the delivery waits in the outbox.
  await new Promise((r) => setTimeout(r, 1500));
  await server.stop();
  assert.match(
    await cli('webhook', 'list', 'shop'),
    /1 pending\t0 given up\tlast: conversation\.escalated not delivered \(ECONNREFUSED\)/,
  );

  const received = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => receiver.close(resolve)));
  server = await startServer({ DATA_DIR: dataDir });
  // The next try is 10 s after the first.
  const deadline = Date.now() + 30_000;
  while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assert.equal(received.length, 1);
  const [{ headers: got, body }] = received;
  assert.ok(verify(secret, body, got['opencx-signature']), 'the documented check accepts the signature');
  const event = JSON.parse(body);
  assert.equal(event.type, 'conversation.escalated');
  assert.equal(event.id, got['opencx-event-id']);
  assert.deepEqual(event.data, { conversationId, ticket: { ticketId, email: 'v@example.com', message: 'Help' } });
});
