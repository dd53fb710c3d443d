// Visitor credentials: the server makes visitors, and a conversation, its history, the visitor's
// contact details and idempotency records are only reachable with the owning visitor's token.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from '../../src/app.js';
import { upsertWidget } from '../../src/db/widgets.js';
import { describeApi, expectProblem } from '../support/api.js';
import { docsWidget } from '../support/fixtures.js';

async function seed(db: Parameters<typeof docsWidget>[0]) {
  await docsWidget(db);
  await upsertWidget(db, { id: 'other' });
}

describeApi('visitors', { seed }, (api) => {
  test('POST /visitors makes a visitor: a random id and a token signed for the widget', async () => {
    const a = await api.visitor();
    const b = await api.visitor();
    assert.match(a.id, /^v_[\w-]{22}$/);
    assert.notEqual(a.id, b.id);
    assert.ok(a.token.startsWith(`${a.id}.`));
    expectProblem(
      await api.call('POST', '/api/widget/visitors', { body: { widgetId: 'nope' } }),
      404,
      'widget_not_found',
    );
    expectProblem(await api.call('POST', '/api/widget/visitors', { body: {} }), 400, 'bad_request');
  });

  test('a stranger holding a conversation id can neither read it nor write into it, and learns nothing', async () => {
    const owner = await api.visitor();
    const first = await api.chat({ message: 'How does dark mode work?' }, owner.headers);
    const id = first.json.conversationId;
    const stranger = await api.visitor();
    const as = (headers: Record<string, string>) => ({
      session: () => api.call('GET', `/api/widget/conversations/${id}?widgetId=docs`, { headers }),
      history: () => api.call('GET', `/api/widget/conversations/${id}/messages?widgetId=docs`, { headers }),
      chat: () => api.chat({ message: 'I am in', conversationId: id }, headers),
      escalate: () =>
        api.call('POST', '/api/widget/escalate', {
          body: { widgetId: 'docs', conversationId: id, email: 'x@evil.example', message: 'silence the bot' },
          headers,
        }),
      feedback: () =>
        api.call('POST', '/api/widget/feedback', {
          body: { widgetId: 'docs', messageId: first.json.messageId, type: 'negative' },
          headers,
        }),
    });
    const strangers = as(stranger.headers);
    for (const [name, attempt] of Object.entries(strangers)) {
      const reply = await attempt();
      const code = name === 'feedback' ? 'message_not_found' : 'conversation_not_found';
      expectProblem(reply, 404, code);
    }
    // Without any token: reads need one; a message makes a new visitor, who does not own it.
    const anonymous = as({});
    expectProblem(await anonymous.session(), 401, 'unauthorized');
    expectProblem(await anonymous.history(), 401, 'unauthorized');
    expectProblem(await anonymous.escalate(), 401, 'unauthorized');
    expectProblem(await anonymous.chat(), 404, 'conversation_not_found');
    // The owner's conversation is as it was: still the bot's, two messages, no feedback.
    const owners = as(owner.headers);
    assert.equal((await owners.session()).json.status, 'bot');
    assert.equal((await owners.history()).json.messages.length, 2);
    const [row] = await api.db.query<{ n: number }>('select count(*)::int as n from feedback');
    assert.equal(row!.n, 0);
  });

  test('a token that is forged, altered, too long or another widget’s is refused', async () => {
    const { id, token } = await api.visitor();
    const otherWidgets = await api.visitor('other');
    const [, signature] = token.split('.');
    const flipped = `${signature!.slice(0, -1)}${signature!.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [
      `${id}.${flipped}`,
      `v_${'A'.repeat(22)}.${signature}`,
      otherWidgets.token,
      `${token}x`,
      'x'.repeat(5000),
      'not a token',
      '',
    ]) {
      const reply = await api.call('GET', '/api/widget/docs/me', { headers: { 'X-Visitor-Token': bad } });
      expectProblem(reply, 401, 'invalid_visitor_token');
    }
  });

  test('visitorId is data, never the credential: one that is not the token’s is refused, one without a token is ignored', async () => {
    const ana = await api.visitor();
    const ben = await api.visitor();
    await api.call('POST', '/api/widget/contact', {
      body: { widgetId: 'docs', name: 'Ana', email: 'ana@example.com' },
      headers: ana.headers,
    });
    expectProblem(
      await api.call('GET', `/api/widget/docs/me?visitorId=${ana.id}`, { headers: ben.headers }),
      403,
      'forbidden',
    );
    expectProblem(
      await api.call('POST', '/api/widget/contact', {
        body: { widgetId: 'docs', visitorId: ana.id, name: 'Mallory', email: 'm@evil.example' },
        headers: ben.headers,
      }),
      403,
      'forbidden',
    );
    expectProblem(await api.call('GET', `/api/widget/docs/me?visitorId=${ana.id}`), 401, 'unauthorized');
    const mine = await api.call('GET', '/api/widget/docs/me', { headers: ana.headers });
    assert.deepEqual(mine.json, {
      visitorId: ana.id,
      name: 'Ana',
      email: 'ana@example.com',
      verified: false,
      conversation: null,
    });
    const claimed = await api.chat({ message: 'dark mode', visitorId: ana.id });
    assert.notEqual(claimed.json.visitorId, ana.id, 'a new visitor, whatever the body says');
    assert.match(claimed.json.visitorToken, /^v_/);
  });

  test('a guessable idempotency key without a token never returns another client’s answer', async () => {
    const one = await api.chat({ message: 'How does dark mode work?', clientMessageId: 'k-1' });
    const two = await api.chat({ message: 'How do I reset my password?', clientMessageId: 'k-1' });
    assert.notEqual(two.json.conversationId, one.json.conversationId);
    assert.notEqual(two.json.answer, one.json.answer);
  });

  test('a token made by one server process is good on another on the same database', async () => {
    const { headers } = await api.visitor();
    const second = createApp({ db: api.db });
    const reply = await second.request('/api/widget/docs/me', { headers });
    assert.equal(reply.status, 200);
  });
});
