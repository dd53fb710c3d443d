// The language-model answerer against a stand-in for an OpenAI-compatible endpoint, on the real
// server and a real embedded PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLlmAnswerer } from '../../src/answering/model.js';
import { search } from '../../src/answering/retrieval.js';
import { createApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { backends } from '../support/backends.js';
import { startFakeModel, MODEL_ANSWER, type FakeModel } from '../support/fake-model.js';
import { docsWidget } from '../support/fixtures.js';
import { events, listen, type Reply, type Served } from '../support/http.js';

let model: FakeModel;
let served: Served;
let db: Database;
const logged: string[] = [];

before(async () => {
  model = await startFakeModel();
  db = await backends('model')[0]!.open();
  await docsWidget(db);
  const answerer = createLlmAnswerer(
    { apiKey: 'sk-test', baseUrl: model.baseUrl, model: 'test-model' },
    { warn: (message) => logged.push(message) },
  );
  served = await listen(createApp({ db, answerer }));
});

after(async () => {
  await served.close();
  await model.close();
  await db.close();
});

const ask = (message: string, headers: Record<string, string> = {}) =>
  fetch(`${served.base}/api/widget/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ widgetId: 'docs', message }),
  });

test('answers with the model, grounded on the passages; citations still come from retrieval', async () => {
  const json = (await (await ask('How do I add the chat to WordPress?')).json()) as Reply['json'];
  assert.equal(json.answer, 'Use a **Custom HTML** block in the footer [1].');
  assert.equal(json.citations[0].pageUrl, 'https://docs.example/install.md#wordpress');
  const request = model.requests.at(-1)!;
  assert.equal(request.path, '/v1/chat/completions');
  assert.equal(request.auth, 'Bearer sk-test');
  assert.equal(request.body.model, 'test-model');
  assert.match(
    request.body.messages[0]!.content,
    /\[1\] Installing the widget › WordPress\nTo add the chat on WordPress, paste the script tag into a "Custom HTML" block/,
  );
  assert.deepEqual(request.body.messages[1], { role: 'user', content: 'How do I add the chat to WordPress?' });
});

test('refuses without calling the model when retrieval finds too little', async () => {
  const count = model.requests.length;
  const json = (await (await ask('What is the best recipe for sourdough bread?')).json()) as Reply['json'];
  assert.equal(json.wasRefused, true);
  assert.equal(model.requests.length, count);
});

test('an endpoint that ignores stream: true and answers in one piece works too', async () => {
  model.next = 'json';
  const json = (await (await ask('How do I add the chat to WordPress?')).json()) as Reply['json'];
  assert.equal(json.answer, 'Use a **Custom HTML** block in the footer [1].');
  assert.equal(model.requests.at(-1)!.body.stream, true);
});

for (const [mode, reason] of [
  ['fail', /the language model failed \(status 500\)/],
  ['cut', /the language model failed/],
] as const) {
  test(`falls back to answering from the passages when the model ${mode === 'fail' ? 'fails' : 'is cut off'}, never a 500`, async () => {
    model.next = mode;
    const response = await ask('How do I add the chat to WordPress?');
    assert.equal(response.status, 200);
    const json = (await response.json()) as Reply['json'];
    assert.match(json.answer, /Custom HTML/);
    assert.match(json.answer, /\[1\]$/);
    assert.notEqual(json.answer, MODEL_ANSWER.join(''));
    assert.match(logged.at(-1)!, reason);
  });
}

/** Streams an answer while the model holds after its first words; releases it once they arrived. */
async function streamHeld(): Promise<{ event: string; data: unknown }[]> {
  let release!: () => void;
  model.hold = new Promise((resolve) => (release = resolve));
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
  model.hold = undefined;
  return received;
}

test('streams the model’s words as the model writes them, then the whole response', async () => {
  const received = await streamHeld();
  assert.deepEqual(
    received.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text),
    MODEL_ANSWER,
  );
  const done = received.at(-1)!;
  assert.equal(done.event, 'done');
  const response = done.data as { answer: string; citations: { pageUrl: string }[] };
  assert.equal(response.answer, MODEL_ANSWER.join(''));
  assert.equal(response.citations[0]!.pageUrl, 'https://docs.example/install.md#wordpress');
});

test('a model cut off midway: done carries the answer from the passages that replaced it', async () => {
  model.next = 'cut';
  const received = await streamHeld();
  const done = received.at(-1)!;
  assert.equal(done.event, 'done');
  const response = done.data as { answer: string; wasRefused: boolean };
  assert.match(response.answer, /Custom HTML/);
  assert.equal(response.wasRefused, false);
});

describe('the model’s answer, checked', () => {
  const answer = (settings: { timeoutMs?: number } = {}) =>
    createLlmAnswerer(
      { apiKey: 'sk-test', baseUrl: model.baseUrl, model: 'test-model', ...settings },
      { warn: (message) => logged.push(message) },
    );
  const ask = async (question: string, settings: { timeoutMs?: number } = {}) => {
    const streamed: string[] = [];
    const hits = await search(db, 'docs', question);
    const result = await answer(settings)(question, hits, 0.5, (text) => streamed.push(text));
    return { result, streamed };
  };

  test('a citation the model invents is dropped; the others are renumbered and are the citations', async () => {
    model.answer = ['Paste the tag in a ', '"Custom HTML" block [2], as WordPress ', 'needs [9]. ', 'See [2].'];
    const { result } = await ask('How do I add the chat to WordPress?');
    assert.equal(result.answer, 'Paste the tag in a "Custom HTML" block [1], as WordPress needs. See [1].');
    assert.equal(result.citations.length, 1);
    const hits = await search(db, 'docs', 'How do I add the chat to WordPress?');
    assert.equal(result.citations[0]!.pageUrl, hits[1]!.pageUrl, 'the passage the model cited as [2]');
  });

  test('"not in the docs" from the model is a refusal, and the sentinel never reaches the visitor', async () => {
    model.answer = ['NOT_', 'IN_DOCS'];
    const { result, streamed } = await ask('How do I add the chat to WordPress?');
    assert.equal(result.wasRefused, true);
    assert.deepEqual(result.citations, []);
    assert.ok(result.relatedArticles.length > 0);
    assert.deepEqual(streamed, []);
  });

  test('a stream that ends without its end marker is not taken for a whole answer', async () => {
    model.next = 'unfinished';
    const { result } = await ask('How do I add the chat to WordPress?');
    assert.match(result.answer, /^From \*\*Installing the widget › WordPress\*\*/, 'the composed answer instead');
    assert.match(logged.at(-1)!, /ended before the answer did/);
  });

  test('a model that falls silent is given up on; one still writing is not cut', async () => {
    model.next = 'stall';
    const stalled = await ask('How do I add the chat to WordPress?', { timeoutMs: 300 });
    assert.match(stalled.result.answer, /^From \*\*/);
    assert.match(logged.at(-1)!, /nothing from the model for 0.3 s/);
    model.next = 'steady';
    model.answer = ['Use ', 'a ', 'Custom ', 'HTML ', 'block ', 'in ', 'the ', 'footer ', '[1].'];
    const steady = await ask('How do I add the chat to WordPress?', { timeoutMs: 300 });
    assert.equal(
      steady.result.answer,
      'Use a Custom HTML block in the footer [1].',
      'a second of writing, never 0.3 s apart',
    );
    assert.equal(steady.streamed.join(''), 'Use a Custom HTML block in the footer [1].');
  });
});
