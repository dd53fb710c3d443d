// The language-model answerer against a stand-in for an OpenAI-compatible endpoint (a service we do
// not own and cannot reach from CI), on the real server and a real embedded PostgreSQL.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from '../../server/dist/app.js';
import { migrate, openEmbedded } from '../../server/dist/db.js';
import { ingestFolder } from '../../server/dist/kb.js';
import { createLlmAnswerer } from '../../server/dist/llm.js';
import { upsertWidget } from '../../server/dist/widgets.js';

const requests = [];
let failNext = false;
let provider;
let server;
let db;
let base;
const logged = [];

before(async () => {
  provider = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ path: req.url, auth: req.headers.authorization, body: JSON.parse(body) });
      if (failNext) {
        failNext = false;
        res.writeHead(500).end('{"error":"overloaded"}');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          choices: [{ message: { role: 'assistant', content: 'Use a **Custom HTML** block in the footer [1].' } }],
        }),
      );
    });
  });
  await new Promise((r) => provider.listen(0, '127.0.0.1', r));
  db = await openEmbedded('memory');
  await migrate(db);
  await upsertWidget(db, { id: 'docs' });
  await ingestFolder(db, 'docs', fileURLToPath(new URL('../fixtures/kb/', import.meta.url)), 'https://docs.example/');
  const answerer = createLlmAnswerer(
    { apiKey: 'sk-test', baseUrl: `http://127.0.0.1:${provider.address().port}/v1`, model: 'test-model' },
    (message) => logged.push(message),
  );
  await new Promise((resolve) => {
    server = serve({ fetch: createApp({ db, answerer }).fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});

after(async () => {
  await new Promise((r) => server.close(r));
  await new Promise((r) => provider.close(r));
  await db.close();
});

const ask = async (message, headers = {}) =>
  fetch(`${base}/api/widget/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ widgetId: 'docs', message }),
  });

test('answers with the model, grounded on the passages; citations still come from retrieval', async () => {
  const json = await (await ask('How do I add the chat to WordPress?')).json();
  assert.equal(json.answer, 'Use a **Custom HTML** block in the footer [1].');
  assert.equal(json.citations[0].pageUrl, 'https://docs.example/install.md#wordpress');
  const request = requests.at(-1);
  assert.equal(request.path, '/v1/chat/completions');
  assert.equal(request.auth, 'Bearer sk-test');
  assert.equal(request.body.model, 'test-model');
  assert.match(
    request.body.messages[0].content,
    /\[1\] Installing the widget — WordPress\nOn WordPress, paste the script tag into a "Custom HTML" block/,
  );
  assert.deepEqual(request.body.messages[1], { role: 'user', content: 'How do I add the chat to WordPress?' });
});

test('refuses without calling the model when retrieval finds too little', async () => {
  const count = requests.length;
  const json = await (await ask('What is the best recipe for sourdough bread?')).json();
  assert.equal(json.wasRefused, true);
  assert.equal(requests.length, count);
});

test('falls back to answering from the passages when the model fails, never a 500', async () => {
  failNext = true;
  const response = await ask('How do I add the chat to WordPress?');
  assert.equal(response.status, 200);
  const json = await response.json();
  assert.match(json.answer, /Custom HTML/);
  assert.match(json.answer, /\[1\]$/);
  assert.match(logged.at(-1), /the language model failed \(status 500\)/);
});

test('streams the model’s answer too', async () => {
  const text = await (await ask('How do I add the chat to WordPress?', { Accept: 'text/event-stream' })).text();
  const deltas = [...text.matchAll(/^event: delta\ndata: (.*)$/gm)].map((m) => JSON.parse(m[1]).text).join('');
  assert.equal(deltas, 'Use a **Custom HTML** block in the footer [1].');
  assert.match(text, /event: done/);
});
