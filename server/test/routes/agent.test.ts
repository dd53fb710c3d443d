// The agent API over real HTTP: signing in and out, tokens, CSRF, CORS, limits, and what an agent
// may see (the conversation itself: agent-conversations.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createToken } from '../../src/db/agent-credentials.js';
import { findAgentByEmail } from '../../src/db/agents.js';
import { SIGN_INS_PER_EMAIL } from '../../src/db/limits.js';
import { upsertWidget } from '../../src/db/widgets.js';
import { escalated, seed, signIn } from '../support/agents.js';
import { describeApi, expectProblem } from '../support/api.js';

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
