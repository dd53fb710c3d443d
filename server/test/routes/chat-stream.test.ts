// POST /api/widget/chat with Accept: text/event-stream: the answer in delta events, then done.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeApi, expectProblem } from '../support/api.js';
import { docsWidget } from '../support/fixtures.js';
import { events } from '../support/http.js';

describeApi('chat stream', { seed: (db) => docsWidget(db) }, (api) => {
  const stream = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${api.base}/api/widget/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...headers },
      body: JSON.stringify({ widgetId: 'docs', ...body }),
    });

  test('streams the answer as delta events, then the whole response', async () => {
    const response = await stream({ message: 'How do I paste the script tag?' });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^text\/event-stream/);
    const received = [];
    for await (const event of events(response)) received.push(event);
    const deltas = received.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text);
    const done = received.at(-1)!;
    assert.ok(deltas.length > 3);
    assert.equal(done.event, 'done');
    const response_ = done.data as { answer: string; citations: { pageUrl: string }[] };
    assert.equal(deltas.join(''), response_.answer);
    assert.equal(response_.citations[0]!.pageUrl, 'https://docs.example/install.md#paste-the-script-tag');
  });

  test('names the conversation in a header before the first event: a client that stops reading still knows it', async () => {
    const { headers } = await api.visitor();
    const question = { message: 'How do I paste the script tag?', clientMessageId: 'stream-header-1' };
    const first = await stream(question, headers);
    const named = first.headers.get('x-conversation-id');
    assert.match(named ?? '', /^[0-9a-f-]{36}$/);
    await first.body?.cancel();
    // The answer is stored all the same: its replay is in the conversation the header named.
    const replay = await stream(question, headers);
    assert.equal(replay.headers.get('x-conversation-id'), named);
    let done;
    for await (const event of events(replay)) done = event;
    assert.equal((done?.data as { conversationId: string }).conversationId, named);
  });

  test('a streamed request refused before its answer gets the HTTP status, not a stream', async () => {
    const response = await api.call('POST', '/api/widget/chat', {
      body: { widgetId: 'docs', message: 'dark mode', conversationId: '00000000-0000-4000-8000-000000000000' },
      headers: { Accept: 'text/event-stream' },
    });
    expectProblem(response, 404, 'conversation_not_found');
    assert.match(response.headers.get('content-type')!, /^application\/json/);
  });
});
