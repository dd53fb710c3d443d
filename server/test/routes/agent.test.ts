// The agent API over real HTTP: signing in, what an agent may see and do, and the conversation as
// the visitor then sees it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword } from '../../src/agents/password.js';
import { createToken } from '../../src/db/agent-credentials.js';
import { addAgent, findAgentByEmail } from '../../src/db/agents.js';
import type { Database } from '../../src/db/database.js';
import { SIGN_INS_PER_EMAIL } from '../../src/db/limits.js';
import { UNSURE_MARGIN } from '../../src/db/unanswered.js';
import { upsertWidget } from '../../src/db/widgets.js';
import { describeApi, expectProblem, type Api } from '../support/api.js';
import { docsWidget } from '../support/fixtures.js';

const PASSWORD = 'correct horse battery';

async function seed(db: Database) {
  await docsWidget(db, { id: 'docs' });
  await docsWidget(db, { id: 'other' });
  const passwordHash = await hashPassword(PASSWORD);
  const agent = (email: string, widgetId: string, name: string) =>
    addAgent(db, { email, widgetId, name, passwordHash }).then((r) => r.agent);
  return {
    ana: await agent('ana@team.example', 'docs', 'Ana'),
    ben: await agent('ben@team.example', 'docs', 'Ben'),
    olga: await agent('olga@other.example', 'other', 'Olga'),
  };
}

/** A signed-in agent: the cookie and CSRF token, and calls that send them. */
async function signIn(api: Api, email: string, password = PASSWORD) {
  const reply = await api.call('POST', '/api/agent/session', { body: { email, password } });
  assert.equal(reply.status, 200, JSON.stringify(reply.json));
  const setCookie = reply.headers.get('set-cookie')!;
  const cookie = setCookie.split(';')[0]!;
  const csrf = reply.json.csrfToken as string;
  const headers = (extra: Record<string, string> = {}) => ({ Cookie: cookie, 'X-CSRF-Token': csrf, ...extra });
  return {
    reply,
    setCookie,
    cookie,
    get: (path: string) => api.call('GET', `/api/agent${path}`, { headers: { Cookie: cookie } }),
    post: (path: string, body: unknown = {}) => api.call('POST', `/api/agent${path}`, { body, headers: headers() }),
    signOut: () => api.call('DELETE', '/api/agent/session', { headers: headers() }),
  };
}

/** A visitor who asked a question and then for a person: their conversation id and headers. */
async function escalated(api: Api, widgetId = 'docs', question = 'How do I install it?') {
  const { headers } = await api.visitor(widgetId);
  const asked = await api.chat({ widgetId, message: question }, headers);
  const conversationId = asked.json.conversationId as string;
  const ticket = await api.call('POST', '/api/widget/escalate', {
    body: { widgetId, conversationId, email: 'visitor@example.com', message: 'Please call me' },
    headers,
  });
  assert.equal(ticket.status, 200);
  const history = async () =>
    (await api.call('GET', `/api/widget/conversations/${conversationId}/messages?widgetId=${widgetId}`, { headers }))
      .json.messages as { role: string; content: string; author?: { name: string; id?: string } }[];
  return { conversationId, headers, history };
}

describeApi('agent API', { seed }, (api) => {
  test('sign in: a HttpOnly, SameSite=Strict session cookie and a CSRF token; wrong or unknown credentials are one error', async () => {
    const ana = await signIn(api, 'ANA@team.example');
    assert.match(ana.setCookie, /^opencx_agent=ocx_s_[\w-]{43};/);
    assert.match(ana.setCookie, /HttpOnly/);
    assert.match(ana.setCookie, /SameSite=Strict/);
    assert.match(ana.setCookie, /Path=\//);
    assert.doesNotMatch(ana.setCookie, /Secure/, 'not over plain HTTP (it would never be sent back)');
    assert.deepEqual(ana.reply.json.agent, {
      id: ana.reply.json.agent.id,
      email: 'ana@team.example',
      name: 'Ana',
      role: 'agent',
      widgets: ['docs'],
    });
    const again = await ana.get('/session');
    assert.equal(again.json.csrfToken, ana.reply.json.csrfToken, 'a reloaded console gets its token back');

    const wrong = await api.call('POST', '/api/agent/session', {
      body: { email: 'ana@team.example', password: 'nope' },
    });
    expectProblem(wrong, 401, 'invalid_credentials');
    const unknown = await api.call('POST', '/api/agent/session', {
      body: { email: 'who@x.example', password: 'nope' },
    });
    expectProblem(unknown, 401, 'invalid_credentials');
    assert.equal(unknown.json.error.message, wrong.json.error.message);
    expectProblem(
      await api.call('POST', '/api/agent/session', { body: { email: 'not an email' } }),
      400,
      'bad_request',
    );
  });

  test('every agent route refuses without a session or token, and with a visitor’s credentials', async () => {
    const { conversationId, headers: visitor } = await escalated(api);
    const routes: [string, string][] = [
      ['GET', '/api/agent/conversations'],
      ['GET', `/api/agent/conversations/${conversationId}`],
      ['POST', `/api/agent/conversations/${conversationId}/messages`],
      ['POST', `/api/agent/conversations/${conversationId}/notes`],
      ['POST', `/api/agent/conversations/${conversationId}/assign`],
      ['POST', `/api/agent/conversations/${conversationId}/status`],
      ['POST', `/api/agent/conversations/${conversationId}/typing`],
      ['GET', '/api/agent/events'],
      ['DELETE', '/api/agent/session'],
    ];
    for (const [method, path] of routes) {
      const body = method === 'POST' ? { content: 'x', status: 'closed', agentId: null } : undefined;
      expectProblem(await api.call(method, path, { body }), 401, 'unauthorized');
      expectProblem(await api.call(method, path, { body, headers: visitor }), 401, 'unauthorized');
      const bearer = { Authorization: `Bearer ${visitor['X-Visitor-Token']}` };
      expectProblem(await api.call(method, path, { body, headers: bearer }), 401, 'unauthorized');
      expectProblem(
        await api.call(method, path, { body, headers: { Cookie: 'opencx_agent=ocx_s_forged' } }),
        401,
        'unauthorized',
      );
    }
    expectProblem(await api.call('GET', '/api/agent/session'), 401, 'unauthorized');
  });

  test('with the cookie, a change without the CSRF token is refused and changes nothing', async () => {
    const { conversationId, history } = await escalated(api);
    const ana = await signIn(api, 'ana@team.example');
    const path = `/api/agent/conversations/${conversationId}/messages`;
    const noToken = await api.call('POST', path, { body: { content: 'Hi' }, headers: { Cookie: ana.cookie } });
    expectProblem(noToken, 403, 'csrf');
    const wrongToken = await api.call('POST', path, {
      body: { content: 'Hi' },
      headers: { Cookie: ana.cookie, 'X-CSRF-Token': 'x'.repeat(32) },
    });
    expectProblem(wrongToken, 403, 'csrf');
    assert.ok(!(await history()).some((m) => m.role === 'agent'), 'nothing was sent');
    assert.equal((await ana.post(`/conversations/${conversationId}/messages`, { content: 'Hi' })).status, 201);
  });

  test('an agent sees only their widgets: another widget’s conversation is not found, and not listed', async () => {
    const ours = await escalated(api, 'docs');
    const theirs = await escalated(api, 'other');
    const olga = await signIn(api, 'olga@other.example');
    expectProblem(await olga.get(`/conversations/${ours.conversationId}`), 404, 'conversation_not_found');
    expectProblem(
      await olga.post(`/conversations/${ours.conversationId}/messages`, { content: 'Hi' }),
      404,
      'conversation_not_found',
    );
    expectProblem(
      await olga.post(`/conversations/${ours.conversationId}/status`, { status: 'closed' }),
      404,
      'conversation_not_found',
    );
    const listed = (await olga.get('/conversations')).json.conversations.map(
      (c: { conversationId: string }) => c.conversationId,
    );
    assert.ok(listed.includes(theirs.conversationId));
    assert.ok(!listed.includes(ours.conversationId));
    assert.deepEqual((await olga.get('/conversations?widgetId=docs')).json.conversations, []);
    expectProblem(await olga.get('/conversations/not-a-uuid'), 404, 'conversation_not_found');
  });

  test('sign out ends the session on the server: the old cookie no longer works', async () => {
    const ana = await signIn(api, 'ana@team.example');
    assert.equal((await ana.get('/conversations')).status, 200);
    const out = await ana.signOut();
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie')!, /opencx_agent=;/);
    expectProblem(await ana.get('/conversations'), 401, 'unauthorized');
  });

  test('a personal API token works without a cookie or CSRF token; a wrong one is refused', async () => {
    const { conversationId } = await escalated(api);
    const ana = (await findAgentByEmail(api.db, 'ana@team.example'))!;
    const token = await createToken(api.db, ana.id);
    const bearer = { Authorization: `Bearer ${token}` };
    assert.match(token, /^ocx_t_[\w-]{43}$/);
    const listed = await api.call('GET', '/api/agent/conversations?status=waiting', { headers: bearer });
    assert.equal(listed.status, 200);
    const note = await api.call('POST', `/api/agent/conversations/${conversationId}/notes`, {
      body: { content: 'Called back' },
      headers: bearer,
    });
    assert.equal(note.status, 201);
    const forged = { Authorization: `Bearer ocx_t_${'A'.repeat(43)}` };
    expectProblem(await api.call('GET', '/api/agent/conversations', { headers: forged }), 401, 'unauthorized');
    const stored = await api.db.query<{ id_hash: string }>('select id_hash from agent_tokens');
    assert.ok(
      stored.every((row) => row.id_hash !== token),
      'only a hash of the token is kept',
    );
  });

  test('no CORS on the agent API: a widget’s origin gets no Access-Control-Allow-Origin', async () => {
    await upsertWidget(api.db, { id: 'docs', allowed_origins: ['https://shop.example'] });
    try {
      const preflight = await api.call('OPTIONS', '/api/agent/conversations', {
        headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'GET' },
      });
      assert.equal(preflight.headers.get('access-control-allow-origin'), null);
      const read = await api.call('GET', '/api/agent/session', { headers: { Origin: 'https://shop.example' } });
      assert.equal(read.headers.get('access-control-allow-origin'), null);
    } finally {
      await upsertWidget(api.db, { id: 'docs', allowed_origins: [] });
    }
  });

  test('signing in is limited per email: a few tries a minute, then 429 with Retry-After', async () => {
    const attempt = () =>
      api.call('POST', '/api/agent/session', { body: { email: 'ben@team.example', password: 'guess guess' } });
    // Counted per minute: tries that straddle two minutes get twice the limit, so one more than
    // that is certain to meet a refusal, after at least the limit's worth of wrong passwords.
    const replies = [];
    for (let i = 0; i <= 2 * SIGN_INS_PER_EMAIL; i++) {
      const reply = await attempt();
      replies.push(reply);
      if (reply.status === 429) break;
    }
    const refused = replies.at(-1)!;
    expectProblem(refused, 429, 'rate_limited');
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    assert.ok(replies.length > SIGN_INS_PER_EMAIL, 'no refusal before the limit');
    for (const reply of replies.slice(0, -1)) expectProblem(reply, 401, 'invalid_credentials');
  });
});

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
    assert.deepEqual(seen[3]!.author, { name: 'Ana' }, 'the visitor sees the name, not the agent’s id');
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

    // Assign to Ben (an agent of this widget), not to Olga (another widget's).
    const ben = (await signIn(api, 'ben@team.example')).reply.json.agent.id;
    const olga = (await signIn(api, 'olga@other.example')).reply.json.agent.id;
    assert.equal((await ana.post(`/conversations/${conversationId}/assign`, { agentId: ben })).status, 204);
    expectProblem(await ana.post(`/conversations/${conversationId}/assign`, { agentId: olga }), 400, 'bad_request');
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
