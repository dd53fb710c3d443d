// The session API: conversations, their history, the visitor's details, feedback and escalation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { upsertWidget } from '../../src/db/widgets.js';
import { describeApi, expectProblem } from '../support/api.js';
import { docsWidget } from '../support/fixtures.js';

async function seed(db: Parameters<typeof docsWidget>[0]) {
  await docsWidget(db, { id: 'docs', name: 'Docs bot', greeting: 'Hi!', initial_questions: ['How do I install it?'] });
  await upsertWidget(db, { id: 'strict', allowed_origins: ['https://shop.example'] });
}

describeApi('conversations', { seed }, (api) => {
  test('create, read, history after a cursor, escalate: the bot then stays quiet', async () => {
    const created = await api.call('POST', '/api/widget/conversations', { body: { widgetId: 'docs' } });
    assert.equal(created.status, 201);
    const { conversationId: id, visitorId, visitorToken } = created.json;
    assert.match(visitorId, /^v_[\w-]{22}$/, 'the server made the visitor');
    const headers = { 'X-Visitor-Token': visitorToken };
    const read = (path: string) => api.call('GET', `/api/widget/conversations/${id}${path}`, { headers });
    assert.equal((await read('?widgetId=docs')).json.status, 'bot');
    const answered = await api.chat({ message: 'dark mode', conversationId: id }, headers);
    assert.equal(answered.json.visitorToken, undefined, 'a known visitor is not sent its token again');
    const messages = (query: string) => read(`/messages?widgetId=docs${query}`);
    const all = (await messages('')).json.messages;
    assert.equal(all.length, 2);
    const newer = (await messages(`&after=${encodeURIComponent(all[0].createdAt)}`)).json.messages;
    assert.deepEqual(
      newer.map((m: { role: string }) => m.role),
      ['assistant'],
    );
    assert.ok(newer[0].citations.length > 0);

    const ticket = await api.call('POST', '/api/widget/escalate', {
      body: { widgetId: 'docs', conversationId: id, email: 'ana@example.com', message: 'Call me' },
      headers,
    });
    assert.deepEqual(ticket.json, { ticketId: ticket.json.ticketId, status: 'escalated' });
    assert.match(ticket.json.ticketId, /^T-\d+$/);
    assert.equal((await read('?widgetId=docs')).json.status, 'escalated');
    const quiet = await api.chat({ message: 'hello?', conversationId: id }, headers);
    assert.equal(quiet.status, 202, 'stored for a person, not answered');
    assert.deepEqual(quiet.json, { conversationId: id, messageId: quiet.json.messageId, status: 'escalated' });
    const waiting = (await messages('')).json.messages.at(-1);
    assert.deepEqual([waiting.messageId, waiting.role, waiting.content], [quiet.json.messageId, 'user', 'hello?']);
    // Streamed or not, the same receipt.
    const streamed = await api.call('POST', '/api/widget/chat', {
      body: { widgetId: 'docs', message: 'still there?', conversationId: id },
      headers: { ...headers, Accept: 'text/event-stream' },
    });
    assert.equal(streamed.status, 202);
    assert.equal(streamed.json.status, 'escalated');
  });

  test('feedback on an answer, contact and me', async () => {
    const { json } = await api.chat({ message: 'dark mode' });
    const headers = { 'X-Visitor-Token': json.visitorToken };
    const feedback = (messageId: string) =>
      api.call('POST', '/api/widget/feedback', { body: { widgetId: 'docs', messageId, type: 'positive' }, headers });
    assert.equal((await feedback(json.messageId)).status, 204);
    expectProblem(await feedback('nope'), 404, 'message_not_found');
    const saved = await api.call('POST', '/api/widget/contact', {
      body: { widgetId: 'docs', name: 'Ana', email: 'ana@example.com' },
      headers,
    });
    assert.deepEqual(saved.json, { visitorId: json.visitorId });
    const me = (await api.call('GET', `/api/widget/docs/me?visitorId=${json.visitorId}`, { headers })).json;
    assert.deepEqual(me, {
      visitorId: json.visitorId,
      name: 'Ana',
      email: 'ana@example.com',
      verified: false,
      // The visitor's latest conversation that is not closed: the one a widget without it opens.
      conversation: {
        conversationId: json.conversationId,
        status: 'bot',
        createdAt: me.conversation.createdAt,
        updatedAt: me.conversation.updatedAt,
      },
    });
  });

  test('the prelude carries the widget settings', async () => {
    const { json } = await api.call('GET', '/api/widget/docs/prelude');
    assert.equal(json.widgetId, 'docs');
    assert.equal(json.name, 'Docs bot');
    assert.equal(json.greeting, 'Hi!');
    assert.deepEqual(json.initialQuestions, ['How do I install it?']);
    assert.deepEqual(json.escalation, { enabled: true });
  });

  test('unknown conversations, and conversations of another widget, are not found', async () => {
    const { headers } = await api.visitor();
    expectProblem(
      await api.call('GET', '/api/widget/conversations/not-a-uuid?widgetId=docs', { headers }),
      404,
      'conversation_not_found',
    );
    const created = await api.call('POST', '/api/widget/conversations', {
      body: { widgetId: 'strict' },
      headers: { Origin: 'https://shop.example' },
    });
    const theirs = { 'X-Visitor-Token': created.json.visitorToken };
    expectProblem(
      await api.call('GET', `/api/widget/conversations/${created.json.conversationId}?widgetId=docs`, { headers }),
      404,
      'conversation_not_found',
    );
    expectProblem(
      await api.call('GET', `/api/widget/conversations/${created.json.conversationId}?widgetId=docs`, {
        headers: theirs,
      }),
      401,
      'invalid_visitor_token',
    );
    expectProblem(
      await api.call('POST', '/api/widget/escalate', {
        body: {
          widgetId: 'docs',
          conversationId: created.json.conversationId,
          email: 'ana@example.com',
          message: 'Hello',
        },
        headers,
      }),
      404,
      'conversation_not_found',
    );
  });
});
