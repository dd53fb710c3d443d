// The language-model answerer against a stand-in for an OpenAI-compatible endpoint (a service we do
// not own and cannot reach from CI), on the real server and a real embedded PostgreSQL.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TextDecoder } from 'node:util';
import { serve } from '@hono/node-server';
import { createApp } from '../../server/dist/app.js';
import { migrate, openEmbedded } from '../../server/dist/db.js';
import { ingestFolder } from '../../server/dist/kb.js';
import { createLlmAnswerer } from '../../server/dist/llm.js';
import { upsertWidget } from '../../server/dist/widgets.js';

const requests = [];
const ANSWER = ['Use a ', '**Custom HTML** ', 'block in the footer ', '[1].'];
/** How the stand-in answers the next request: streamed (what we ask for), in one piece, failing, or cut off. */
let next = 'stream';
/** While set, the stand-in holds the rest of a streamed answer after its first piece. */
let hold;
let provider;
let server;
let db;
let base;
const logged = [];

before(async () => {
  provider = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      requests.push({ path: req.url, auth: req.headers.authorization, body: JSON.parse(body) });
      const mode = next;
      next = 'stream';
      if (mode === 'fail') {
        res.writeHead(500).end('{"error":"overloaded"}');
        return;
      }
      if (mode === 'json') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: ANSWER.join('') } }] }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      const send = (content) => res.write(`data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`);
      send(ANSWER[0]);
      await hold;
      if (mode === 'cut') {
        res.destroy();
        return;
      }
      for (const piece of ANSWER.slice(1)) send(piece);
      res.end('data: [DONE]\n\n');
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

test('an endpoint that ignores stream: true and answers in one piece works too', async () => {
  next = 'json';
  const json = await (await ask('How do I add the chat to WordPress?')).json();
  assert.equal(json.answer, 'Use a **Custom HTML** block in the footer [1].');
  assert.equal(requests.at(-1).body.stream, true);
});

for (const [mode, reason] of [
  ['fail', /the language model failed \(status 500\)/],
  ['cut', /the language model failed/],
]) {
  test(`falls back to answering from the passages when the model ${mode === 'fail' ? 'fails' : 'is cut off'}, never a 500`, async () => {
    next = mode;
    const response = await ask('How do I add the chat to WordPress?');
    assert.equal(response.status, 200);
    const json = await response.json();
    assert.match(json.answer, /Custom HTML/);
    assert.match(json.answer, /\[1\]$/);
    assert.notEqual(json.answer, ANSWER.join(''));
    assert.match(logged.at(-1), reason);
  });
}

/** The events of a server-sent event stream, as they arrive. */
async function* events(response) {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      yield { event: /^event: (.*)$/m.exec(block)[1], data: JSON.parse(/^data: (.*)$/m.exec(block)[1]) };
    }
  }
}

test('streams the model’s words as the model writes them, then the whole response', async () => {
  let release;
  hold = new Promise((resolve) => (release = resolve));
  const response = await ask('How do I add the chat to WordPress?', { Accept: 'text/event-stream' });
  assert.equal(response.status, 200);
  const received = [];
  for await (const event of events(response)) {
    received.push(event);
    // The model has written only its first words: they are already here.
    if (received.length === 1) {
      assert.deepEqual(event, { event: 'delta', data: { text: 'Use a ' } });
      release();
    }
  }
  hold = undefined;
  assert.deepEqual(
    received.filter((e) => e.event === 'delta').map((e) => e.data.text),
    ANSWER,
  );
  const done = received.at(-1);
  assert.equal(done.event, 'done');
  assert.equal(done.data.answer, ANSWER.join(''));
  assert.equal(done.data.citations[0].pageUrl, 'https://docs.example/install.md#wordpress');
});

test('a model cut off midway: done carries the answer from the passages that replaced it', async () => {
  next = 'cut';
  let release;
  hold = new Promise((resolve) => (release = resolve));
  const response = await ask('How do I add the chat to WordPress?', { Accept: 'text/event-stream' });
  const received = [];
  for await (const event of events(response)) {
    received.push(event);
    if (received.length === 1) release();
  }
  hold = undefined;
  assert.deepEqual(received[0], { event: 'delta', data: { text: 'Use a ' } });
  const done = received.at(-1);
  assert.equal(done.event, 'done');
  assert.match(done.data.answer, /Custom HTML/);
  assert.equal(done.data.wasRefused, false);
});
