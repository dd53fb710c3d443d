// The agents of the agent API's suites (routes/agent*.test.ts): a seeded team, signing one in over
// HTTP, and a visitor who asked for a person.
import assert from 'node:assert/strict';
import { hashPassword } from '../../src/agents/password.js';
import { addAgent } from '../../src/db/agents.js';
import type { Database } from '../../src/db/database.js';
import type { Api } from './api.js';
import { docsWidget } from './fixtures.js';

export const PASSWORD = 'correct horse battery';

export async function seed(db: Database) {
  await docsWidget(db, { id: 'docs' });
  await docsWidget(db, { id: 'other' });
  const passwordHash = await hashPassword(PASSWORD);
  const agent = (email: string, widgetId: string, name: string, role: 'agent' | 'admin' = 'agent') =>
    addAgent(db, { email, widgetId, name, role, passwordHash }).then((r) => r.agent);
  return {
    ana: await addAgent(db, {
      email: 'ana@team.example',
      widgetId: 'docs',
      name: 'Ana',
      avatarUrl: 'https://cdn.example/ana.png',
      passwordHash,
    }).then((r) => r.agent),
    ben: await agent('ben@team.example', 'docs', 'Ben', 'admin'),
    olga: await agent('olga@other.example', 'other', 'Olga'),
  };
}

/** A signed-in agent: the cookie and CSRF token, and calls that send them. */
export async function signIn(api: Api, email: string, password = PASSWORD) {
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
export async function escalated(api: Api, widgetId = 'docs', question = 'How do I install it?') {
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
