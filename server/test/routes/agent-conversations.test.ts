// The agent API working a conversation over real HTTP: taking it, replying, notes, assigning,
// closing, the list's pages and search, and the questions the bot could not answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UNSURE_MARGIN } from '../../src/db/unanswered.js';
import { describeApi, expectProblem } from '../support/api.js';
import { escalated, seed, signIn } from '../support/agents.js';

describeApi('agent API: a conversation handed to a person', { seed }, (api) => {
  test('waiting first; the reply reaches the visitor with the agent’s name; notes stay internal; close and hand back', async () => {
    const bot = await api.chat({ message: 'How do I change colours?' });
    const { conversationId, headers, history } = await escalated(api);
    const ana = await signIn(api, 'ana@team.example');

    const inbox = (await ana.get('/conversations')).json;
    assert.equal(inbox.conversations[0].conversationId, conversationId, 'the waiting conversation comes first');
    const row = inbox.conversations[0];
    assert.equal(row.status, 'escalated');
    assert.equal(row.visitor.email, 'visitor@example.com');
    assert.equal(row.visitor.verified, false);
    assert.equal(row.unread, 1);
    assert.ok(
      inbox.conversations.some((c: { conversationId: string }) => c.conversationId === bot.json.conversationId),
    );

    const read = (await ana.get(`/conversations/${conversationId}`)).json;
    assert.equal(read.ticket.email, 'visitor@example.com');
    assert.equal(read.ticket.message, 'Please call me');
    assert.deepEqual(
      read.messages.map((m: { role: string }) => m.role),
      ['user', 'assistant'],
    );
    assert.ok(read.messages[1].citations.length > 0, 'the pages the bot cited');
    assert.equal((await ana.get('/conversations')).json.conversations[0].unread, 0, 'opened is read');

    const sent = await ana.post(`/conversations/${conversationId}/messages`, {
      content: 'Hi, I am Ana. Let me help.',
      clientMessageId: 'ana-1',
    });
    assert.equal(sent.status, 201);
    assert.deepEqual(Object.keys(sent.json).sort(), ['createdAt', 'messageId']);
    const resent = await ana.post(`/conversations/${conversationId}/messages`, {
      content: 'Hi, I am Ana. Let me help.',
      clientMessageId: 'ana-1',
    });
    assert.equal(resent.json.messageId, sent.json.messageId, 'a resent reply is stored once');
    assert.equal((await ana.post(`/conversations/${conversationId}/notes`, { content: 'VIP customer' })).status, 201);

    const seen = await history();
    assert.deepEqual(
      seen.map((m) => [m.role, m.content]),
      [
        ['user', 'How do I install it?'],
        ['assistant', seen[1]!.content],
        ['system', 'Ana joined the conversation.'],
        ['agent', 'Hi, I am Ana. Let me help.'],
      ],
    );
    assert.deepEqual(
      seen[3]!.author,
      { name: 'Ana', avatarUrl: 'https://cdn.example/ana.png' },
      'the visitor sees the name and picture, not the agent’s id',
    );
    assert.ok(!JSON.stringify(seen).includes('VIP customer'), 'notes are never shown to the visitor');

    const mine = (await ana.get('/conversations?assignee=me')).json.conversations;
    assert.deepEqual(
      mine.map((c: { conversationId: string; status: string }) => [c.conversationId, c.status]),
      [[conversationId, 'agent']],
      'replying took the conversation',
    );

    // While Ana has it, the visitor's messages wait for her: 202, no bot answer.
    const forAna = await api.chat({ message: 'Thanks! One more thing', conversationId }, headers);
    assert.equal(forAna.status, 202);
    assert.deepEqual(forAna.json, { conversationId, messageId: forAna.json.messageId, status: 'agent' });
    const full = (await ana.get(`/conversations/${conversationId}`)).json;
    assert.deepEqual(
      full.notes.map((n: { content: string; author: { name: string } }) => [n.content, n.author.name]),
      [['VIP customer', 'Ana']],
    );
    assert.equal(full.messages.at(-1).content, 'Thanks! One more thing');
    assert.equal(full.messages.find((m: { role: string }) => m.role === 'agent').author.name, 'Ana');

    // An agent (Ana) takes a conversation or lets it go; giving it to another is for an admin
    // (Ben), and only to an agent of its widget (not Olga, another widget's).
    const benSession = await signIn(api, 'ben@team.example');
    const [ben, anaId] = [benSession.reply.json.agent.id, ana.reply.json.agent.id];
    const olga = (await signIn(api, 'olga@other.example')).reply.json.agent.id;
    const assign = (who: typeof ana, agentId: string | null) =>
      who.post(`/conversations/${conversationId}/assign`, { agentId });
    expectProblem(await assign(ana, ben), 403, 'forbidden');
    assert.equal((await assign(benSession, ben)).status, 204);
    assert.equal((await ana.get(`/conversations/${conversationId}`)).json.assignee.name, 'Ben');
    assert.equal((await assign(ana, null)).status, 204, 'an agent may let a conversation go');
    assert.equal((await assign(ana, anaId)).status, 204, 'and take it');
    assert.equal((await assign(benSession, ben)).status, 204, 'an admin gives it to anyone of the widget');
    expectProblem(await assign(benSession, olga), 400, 'bad_request');
    assert.equal((await ana.get(`/conversations/${conversationId}`)).json.assignee.name, 'Ben');

    assert.equal((await ana.post(`/conversations/${conversationId}/status`, { status: 'closed' })).status, 204);
    assert.equal((await ana.post(`/conversations/${conversationId}/status`, { status: 'closed' })).status, 204);
    const afterClose = await history();
    assert.deepEqual(
      afterClose.filter((m) => m.role === 'system').map((m) => m.content),
      ['Ana joined the conversation.', 'Ana closed the conversation.'],
      'one line per change, none for a repeat',
    );
    const session = await api.call('GET', `/api/widget/conversations/${conversationId}?widgetId=docs`, { headers });
    assert.equal(session.json.status, 'closed');

    assert.equal((await ana.post(`/conversations/${conversationId}/status`, { status: 'bot' })).status, 204);
    const botAgain = await api.chat({ message: 'How do I install it?', conversationId }, headers);
    assert.equal(botAgain.status, 200);
    assert.ok(botAgain.json.answer.length > 0, 'handed back, the bot answers again');
    expectProblem(
      await ana.post(`/conversations/${conversationId}/status`, { status: 'escalated' }),
      400,
      'bad_request',
    );
  });

  test('the list pages by cursor with no row twice, filters by status and search, and refuses a cursor not its own', async () => {
    const made: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { json } = await api.chat({ message: `question number ${i} about pricing` });
      made.push(json.conversationId);
    }
    const ana = await signIn(api, 'ana@team.example');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { conversations: { conversationId: string }[]; nextCursor: string | null } = (
        await ana.get(`/conversations?status=bot&limit=5${cursor ? `&cursor=${cursor}` : ''}`)
      ).json;
      assert.ok(page.conversations.length <= 5);
      seen.push(...page.conversations.map((c) => c.conversationId));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length, 'no conversation twice');
    for (const id of made) assert.ok(seen.includes(id));
    assert.deepEqual(seen.slice(0, 12), [...made].reverse(), 'newest first');

    const found = (await ana.get('/conversations?q=number%207%20about')).json.conversations;
    assert.deepEqual(
      found.map((c: { conversationId: string }) => c.conversationId),
      [made[7]],
    );
    const literal = (await ana.get(`/conversations?q=${encodeURIComponent('%')}`)).json.conversations;
    assert.deepEqual(literal, [], '% is a character to find, not a wildcard');
    // A word in thousands of messages is searched by walking the inbox (db/inbox.ts): the same answer.
    await api.db.query(
      `insert into messages (id, conversation_id, role, content)
       select 'common-' || i, $1, 'user', 'pricing again' from generate_series(1, 2100) i`,
      [made[3]],
    );
    const common = (await ana.get('/conversations?q=pricing&status=bot&limit=50')).json.conversations;
    const ids = common.map((c: { conversationId: string }) => c.conversationId);
    for (const id of made) assert.ok(ids.includes(id), 'every conversation that says it');
    const rare = (await ana.get('/conversations?q=number%203%20about')).json.conversations;
    assert.deepEqual(
      rare.map((c: { conversationId: string }) => c.conversationId),
      [made[3]],
    );

    expectProblem(await ana.get('/conversations?cursor=bm9wZQ'), 400, 'bad_request');
    expectProblem(await ana.get('/conversations?limit=1000'), 400, 'bad_request');
    expectProblem(await ana.get('/conversations?status=everything'), 400, 'bad_request');
  });

  test('questions the bot could not answer: refused, unsure or rated unhelpful, grouped by their words, with the pages cited', async () => {
    const refusedOnce = await api.chat({ message: 'Can I pay with bitcoin?' });
    const refusedTwice = await api.chat({ message: '  can I pay with BITCOIN ' });
    assert.ok(refusedOnce.json.wasRefused && refusedTwice.json.wasRefused, 'the docs do not say: refused');
    const rated = await api.chat({ message: 'How do I install it?' });
    assert.equal(rated.json.wasRefused, false);
    const feedback = await api.call('POST', '/api/widget/feedback', {
      body: { widgetId: 'docs', messageId: rated.json.messageId, type: 'negative' },
      headers: { 'X-Visitor-Token': rated.json.visitorToken },
    });
    assert.equal(feedback.status, 204);
    await api.chat({ widgetId: 'other', message: 'Can I pay with bitcoin?' });
    const sureReply = await api.chat({ message: 'How does dark mode work?' });
    const sure = { json: { ...sureReply.json, question: 'How does dark mode work?' } };

    const ana = await signIn(api, 'ana@team.example');
    const { questions } = (await ana.get('/unanswered')).json;
    const bitcoin = questions.find((q: { question: string }) => /bitcoin/i.test(q.question));
    assert.equal(bitcoin.count, 2, 'the same words, whatever the case and spaces; the other widget’s not counted');
    assert.equal(bitcoin.refused, 2);
    assert.deepEqual(
      bitcoin.conversationIds.sort(),
      [refusedOnce.json.conversationId, refusedTwice.json.conversationId].sort(),
    );
    const install = questions.find((q: { question: string }) => q.question === 'How do I install it?');
    assert.equal(install.ratedUnhelpful, 1);
    assert.ok(install.pagesCited.length > 0, 'the pages the bot cited for it');
    assert.ok(
      install.pagesCited.every(
        (p: { pageUrl: string; count: number }) => p.pageUrl.startsWith('https://docs.example/') && p.count >= 1,
      ),
    );
    // Unsure: answered, but within UNSURE_MARGIN of the widget's threshold (0.5). Install was
    // answered surely: listed for its rating alone.
    assert.ok(rated.json.confidenceScore >= 0.5 + UNSURE_MARGIN, `confident: ${rated.json.confidenceScore}`);
    assert.equal(install.unsure, 0);
    const listed = questions.some((q: { question: string }) => q.question === sure.json.question);
    assert.equal(listed, sure.json.confidenceScore < 0.5 + UNSURE_MARGIN, 'listed exactly when unsure');

    const olga = await signIn(api, 'olga@other.example');
    const theirs = (await olga.get('/unanswered')).json.questions;
    assert.deepEqual(
      theirs.map((q: { question: string; count: number }) => [q.question, q.count]),
      [['Can I pay with bitcoin?', 1]],
    );
    const future = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    assert.deepEqual((await ana.get(`/unanswered?since=${future}`)).json.questions, []);
    expectProblem(await ana.get('/unanswered?since=yesterday'), 400, 'bad_request');
  });
});
