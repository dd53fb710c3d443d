// The reference server over real HTTP, with a small knowledge base from test/fixtures/kb, on an
// embedded PostgreSQL (PGlite in memory) and, when OPENCX_TEST_DATABASE_URL names one (npm test
// and CI provide it), on a real PostgreSQL server: the same code and SQL must serve both.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from '../../server/dist/app.js';
import { migrate, openEmbedded, openPostgres } from '../../server/dist/db.js';
import { ingestFolder } from '../../server/dist/kb.js';
import { upsertWidget } from '../../server/dist/widgets.js';

const KB = fileURLToPath(new URL('../fixtures/kb/', import.meta.url));
const backends = [{ name: 'PGlite (embedded)', open: () => openEmbedded('memory') }];
if (process.env.OPENCX_TEST_DATABASE_URL) {
  backends.push({
    name: 'PostgreSQL server',
    async open() {
      const db = await openPostgres(process.env.OPENCX_TEST_DATABASE_URL);
      // A clean slate: the suite creates its own widgets and data.
      await db.query('drop schema public cascade');
      await db.query('create schema public');
      return db;
    },
  });
}

for (const backend of backends) {
  describe(backend.name, () => {
    let db;
    let server;
    let base;

    async function call(method, path, { body, headers = {}, raw } = {}) {
      const response = await fetch(base + path, {
        method,
        headers: {
          ...(body !== undefined || raw !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
    }

    const expectError = (response, status, code) => {
      assert.equal(response.status, status);
      assert.equal(response.json.error.code, code);
      assert.equal(typeof response.json.error.message, 'string');
    };

    const chat = (body, headers) => call('POST', '/api/widget/chat', { body: { widgetId: 'docs', ...body }, headers });

    before(async () => {
      db = await backend.open();
      await migrate(db);
      await upsertWidget(db, {
        id: 'docs',
        name: 'Docs bot',
        greeting: 'Hi!',
        initial_questions: ['How do I install it?'],
        kb_base_url: 'https://docs.example/',
      });
      await upsertWidget(db, { id: 'strict', allowed_origins: ['https://shop.example'] });
      await upsertWidget(db, { id: 'off', active: false });
      await upsertWidget(db, { id: 'tight', rate_limit_per_minute: 2 });
      await upsertWidget(db, { id: 'quota', daily_quota: 1 });
      await ingestFolder(db, 'docs', KB, 'https://docs.example/');
      await new Promise((resolve) => {
        server = serve({ fetch: createApp({ db }).fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
          base = `http://127.0.0.1:${info.port}`;
          resolve();
        });
      });
    });

    after(async () => {
      await new Promise((resolve) => server.close(resolve));
      await db.close();
    });

    describe('answering from the knowledge base', () => {
      test('answers with the passage and cites the right section of the right page', async () => {
        const { status, json } = await chat({ message: 'How do I add the chat to WordPress?' });
        assert.equal(status, 200);
        assert.equal(json.wasRefused, false);
        assert.match(json.answer, /Custom HTML/);
        assert.deepEqual(json.citations[0], {
          pageId: 'install.md',
          pageTitle: 'Installing the widget — WordPress',
          pageUrl: 'https://docs.example/install.md#wordpress',
          excerpt: json.citations[0].excerpt,
        });
        assert.match(json.citations[0].excerpt, /WordPress/);
        assert.ok(json.confidenceScore > 0.35 && json.confidenceScore <= 1, `confidence ${json.confidenceScore}`);
        assert.match(json.conversationId, /^[0-9a-f-]{36}$/);
      });

      test('answers from an HTML page, citing the section by its id', async () => {
        const { json } = await chat({ message: 'I forgot my password, how do I reset it?' });
        assert.equal(json.wasRefused, false);
        assert.equal(json.citations[0].pageUrl, 'https://docs.example/account/passwords.html#reset');
        assert.equal(json.citations[0].pageTitle, 'Passwords and signing in — Resetting a forgotten password');
        assert.match(json.answer, /reset link that works for one hour/);
      });

      test('a follow-up that says little on its own is searched with the question before it', async () => {
        const first = await chat({ message: 'How does dark mode work?', visitorId: 'f1' });
        const followUp = await chat({
          message: 'which values does it take?',
          visitorId: 'f1',
          conversationId: first.json.conversationId,
        });
        assert.equal(followUp.json.wasRefused, false);
        assert.equal(followUp.json.citations[0].pageUrl, 'https://docs.example/guides/styling.md#dark-mode');
        const alone = await chat({ message: 'which values does it take?', visitorId: 'f2' });
        assert.equal(alone.json.wasRefused, true, 'the same words alone are not enough');
      });

      test('streams the answer as delta events, then the whole response', async () => {
        const response = await fetch(`${base}/api/widget/chat`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
          body: JSON.stringify({ widgetId: 'docs', message: 'How do I paste the script tag?' }),
        });
        assert.equal(response.status, 200);
        assert.match(response.headers.get('content-type'), /^text\/event-stream/);
        const events = (await response.text())
          .split('\n\n')
          .filter(Boolean)
          .map((block) => ({
            event: /^event: (.*)$/m.exec(block)?.[1],
            data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1]),
          }));
        const deltas = events.filter((e) => e.event === 'delta');
        const done = events.at(-1);
        assert.ok(deltas.length > 3);
        assert.equal(done.event, 'done');
        assert.equal(deltas.map((e) => e.data.text).join(''), done.data.answer);
        assert.equal(done.data.citations[0].pageUrl, 'https://docs.example/install.md#paste-the-script-tag');
      });

      test('a streamed request refused before its answer gets the HTTP status, not a stream', async () => {
        const response = await call('POST', '/api/widget/chat', {
          body: { widgetId: 'docs', message: 'dark mode', conversationId: '00000000-0000-4000-8000-000000000000' },
          headers: { Accept: 'text/event-stream' },
        });
        expectError(response, 404, 'conversation_not_found');
        assert.match(response.headers.get('content-type'), /^application\/json/);
      });

      test('refuses politely below the threshold and offers a person', async () => {
        const { json } = await chat({ message: 'What is the airspeed velocity of an unladen swallow?' });
        assert.equal(json.wasRefused, true);
        assert.match(json.answer, /talk to a person/);
        assert.deepEqual(json.citations, []);
        assert.ok(json.confidenceScore < 0.35);
      });

      test('treats SQL-looking text as text', async () => {
        const { status, json } = await chat({ message: "'; drop table widgets; -- how does dark mode work?" });
        assert.equal(status, 200);
        assert.equal(typeof json.wasRefused, 'boolean');
        assert.equal((await call('GET', '/api/widget/docs/prelude')).status, 200, 'the widgets table is still there');
        const [{ n }] = await db.query('select count(*)::int as n from widgets');
        assert.ok(n >= 3);
      });

      test('re-ingesting is idempotent', async () => {
        const before = await db.query('select count(*)::int as n from kb_sections');
        const result = await ingestFolder(db, 'docs', KB, 'https://docs.example/');
        const afterwards = await db.query('select count(*)::int as n from kb_sections');
        assert.equal(afterwards[0].n, before[0].n);
        assert.deepEqual(result, { pages: 4, sections: before[0].n });
      });
    });

    describe('conversations', () => {
      test('the same clientMessageId is answered once', async () => {
        const first = await chat({
          message: 'How do I paste the script tag?',
          visitorId: 'v1',
          clientMessageId: 'c-1',
        });
        const again = await chat({
          message: 'How do I paste the script tag?',
          visitorId: 'v1',
          clientMessageId: 'c-1',
        });
        assert.deepEqual(again.json, first.json);
        const history = await call(
          'GET',
          `/api/widget/conversations/${first.json.conversationId}/messages?widgetId=docs`,
        );
        assert.deepEqual(
          history.json.messages.map((m) => [m.messageId, m.role]),
          [
            ['c-1', 'user'],
            [first.json.messageId, 'assistant'],
          ],
        );
      });

      test('a retry racing its original is answered once, with a clientMessageId or an Idempotency-Key', async () => {
        for (const [visitorId, body, headers] of [
          ['race-1', { clientMessageId: 'race-c' }, {}],
          ['race-2', {}, { 'Idempotency-Key': 'race-k' }],
        ]) {
          const ask = () => chat({ message: 'How does dark mode work?', visitorId, ...body }, headers);
          const [first, second, third] = await Promise.all([ask(), ask(), ask()]);
          assert.deepEqual(second.json, first.json);
          assert.deepEqual(third.json, first.json);
          const history = await call(
            'GET',
            `/api/widget/conversations/${first.json.conversationId}/messages?widgetId=docs`,
          );
          assert.deepEqual(
            history.json.messages.map((m) => m.role),
            ['user', 'assistant'],
          );
          const [{ n }] = await db.query('select count(*)::int as n from conversations where visitor_id = $1', [
            visitorId,
          ]);
          assert.equal(n, 1, 'one conversation');
        }
      });

      test('a retry waits for the answer its original is writing; a claim whose request died is taken over', async () => {
        // Another process is answering 'busy-k' now.
        await db.query(`insert into idempotency (widget_id, visitor_id, key) values ('docs', 'busy', 'busy-k')`);
        const retry = chat({ message: 'How does dark mode work?', visitorId: 'busy', clientMessageId: 'busy-k' });
        await new Promise((resolve) => setTimeout(resolve, 400));
        const stored = { conversationId: 'from-the-original', messageId: 'm', answer: 'Stored.' };
        await db.query(`update idempotency set response = $1 where key = 'busy-k'`, [JSON.stringify(stored)]);
        assert.deepEqual((await retry).json, stored);

        // A process asked 'dead-k', started a conversation, and died before answering.
        const asked = await call('POST', '/api/widget/conversations', {
          body: { widgetId: 'docs', visitorId: 'dead' },
        });
        const conversationId = asked.json.conversationId;
        await db.query(
          `insert into messages (id, conversation_id, role, content) values ('dead-k', $1, 'user', 'How does dark mode work?')`,
          [conversationId],
        );
        await db.query(
          `insert into idempotency (widget_id, visitor_id, key, conversation_id, claimed_at)
           values ('docs', 'dead', 'dead-k', $1, now() - interval '31 seconds')`,
          [conversationId],
        );
        const taken = await chat({ message: 'How does dark mode work?', visitorId: 'dead', clientMessageId: 'dead-k' });
        assert.equal(taken.status, 200);
        assert.equal(taken.json.conversationId, conversationId, 'the conversation the question went into');
        assert.match(taken.json.answer, /dark/i);
        const history = await call('GET', `/api/widget/conversations/${conversationId}/messages?widgetId=docs`);
        assert.deepEqual(
          history.json.messages.map((m) => [m.messageId, m.role]),
          [
            ['dead-k', 'user'],
            [taken.json.messageId, 'assistant'],
          ],
        );
      });

      test('create, read, history after a cursor, escalate: the bot then stays quiet', async () => {
        const created = await call('POST', '/api/widget/conversations', {
          body: { widgetId: 'docs', visitorId: 'v2' },
        });
        assert.equal(created.status, 201);
        const id = created.json.conversationId;
        assert.equal((await call('GET', `/api/widget/conversations/${id}?widgetId=docs`)).json.status, 'bot');
        await chat({ message: 'dark mode', conversationId: id, visitorId: 'v2' });
        const all = (await call('GET', `/api/widget/conversations/${id}/messages?widgetId=docs`)).json.messages;
        assert.equal(all.length, 2);
        const newer = (
          await call(
            'GET',
            `/api/widget/conversations/${id}/messages?widgetId=docs&after=${encodeURIComponent(all[0].createdAt)}`,
          )
        ).json.messages;
        assert.deepEqual(
          newer.map((m) => m.role),
          ['assistant'],
        );
        assert.ok(newer[0].citations.length > 0);

        const ticket = await call('POST', '/api/widget/escalate', {
          body: { widgetId: 'docs', conversationId: id, email: 'ana@example.com', message: 'Call me' },
        });
        assert.deepEqual(ticket.json, { ticketId: ticket.json.ticketId, status: 'escalated' });
        assert.match(ticket.json.ticketId, /^T-\d+$/);
        assert.equal((await call('GET', `/api/widget/conversations/${id}?widgetId=docs`)).json.status, 'escalated');
        const quiet = await chat({ message: 'hello?', conversationId: id, visitorId: 'v2' });
        assert.equal(quiet.json.answer, '');
      });

      test('feedback on an answer, contact and me', async () => {
        const { json } = await chat({ message: 'dark mode' });
        assert.equal(
          (
            await call('POST', '/api/widget/feedback', {
              body: { widgetId: 'docs', messageId: json.messageId, type: 'positive' },
            })
          ).status,
          204,
        );
        const unknown = await call('POST', '/api/widget/feedback', {
          body: { widgetId: 'docs', messageId: 'nope', type: 'positive' },
        });
        assert.equal(unknown.status, 404);
        const saved = await call('POST', '/api/widget/contact', {
          body: { widgetId: 'docs', visitorId: 'v3', name: 'Ana', email: 'ana@example.com' },
        });
        assert.deepEqual(saved.json, { visitorId: 'v3' });
        assert.deepEqual((await call('GET', '/api/widget/docs/me?visitorId=v3')).json, {
          visitorId: 'v3',
          name: 'Ana',
          email: 'ana@example.com',
        });
      });

      test('the prelude carries the widget settings', async () => {
        const { json } = await call('GET', '/api/widget/docs/prelude');
        assert.equal(json.widgetId, 'docs');
        assert.equal(json.name, 'Docs bot');
        assert.deepEqual(json.initialQuestions, ['How do I install it?']);
        assert.deepEqual(json.escalation, { enabled: true });
      });
    });

    describe('limits', () => {
      const send = (widgetId, visitorId, extra = {}) =>
        call('POST', '/api/widget/chat', { body: { widgetId, visitorId, message: 'dark mode', ...extra } });

      test('a visitor over the per-minute limit gets 429 rate_limited with Retry-After; others and replays are not affected', async () => {
        const first = await send('tight', 'busy', { clientMessageId: 'k1' });
        assert.equal(first.status, 200);
        // Five against a limit of two: a refusal is certain even if the requests straddle two minutes.
        const rest = [];
        for (let i = 0; i < 4; i++) rest.push(await send('tight', 'busy'));
        const refused = rest.find((r) => r.status === 429);
        assert.ok(refused, 'one of them was refused');
        assert.equal(refused.json.error.code, 'rate_limited');
        const wait = Number(refused.headers.get('retry-after'));
        assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
        assert.equal((await send('tight', 'calm')).status, 200);
        const replay = await send('tight', 'busy', { clientMessageId: 'k1' });
        assert.deepEqual(replay.json, first.json);
      });

      test('a widget over its daily quota gets 429 quota_exceeded until the day ends', async () => {
        assert.equal((await send('quota', 'a')).status, 200);
        const refused = await send('quota', 'b');
        assert.equal(refused.status, 429);
        assert.equal(refused.json.error.code, 'quota_exceeded');
        const wait = Number(refused.headers.get('retry-after'));
        assert.ok(wait >= 1 && wait <= 86_400, `Retry-After ${wait}`);
      });
    });

    describe('bad input gets a 4xx JSON error naming the problem', () => {
      test('missing and mistyped fields are named', async () => {
        const response = await call('POST', '/api/widget/chat', { body: { widgetId: 'docs', conversationId: 42 } });
        expectError(response, 400, 'bad_request');
        assert.deepEqual(response.json.error.details.fields.sort(), ['conversationId', 'message']);
        expectError(await chat({ message: '' }), 400, 'bad_request');
        expectError(await chat({ message: 'x'.repeat(4001) }), 400, 'bad_request');
        expectError(await chat({ message: 'nul \u0000 inside' }), 400, 'bad_request');
        expectError(await chat({ message: '   ' }), 400, 'bad_request');
      });

      test('malformed JSON, oversized bodies and unknown routes', async () => {
        expectError(
          await call('POST', '/api/widget/chat', { raw: '{"widgetId": "docs", "message": ' }),
          400,
          'bad_request',
        );
        expectError(
          await call('POST', '/api/widget/chat', {
            raw: JSON.stringify({ widgetId: 'docs', message: 'x', pad: 'y'.repeat(20_000) }),
          }),
          413,
          'bad_request',
        );
        expectError(await call('GET', '/api/nothing-here'), 404, 'not_found');
      });

      test('unknown or inactive widgets, unknown conversations', async () => {
        expectError(await call('GET', '/api/widget/ghost/prelude'), 404, 'widget_not_found');
        expectError(await call('GET', '/api/widget/off/prelude'), 404, 'widget_not_found');
        expectError(
          await chat({ message: 'hi', conversationId: '00000000-0000-4000-8000-000000000000' }),
          404,
          'conversation_not_found',
        );
        expectError(
          await call('GET', '/api/widget/conversations/not-a-uuid?widgetId=docs'),
          404,
          'conversation_not_found',
        );
        const created = await call('POST', '/api/widget/conversations', {
          body: { widgetId: 'strict' },
          headers: { Origin: 'https://shop.example' },
        });
        // A conversation of another widget is not found through this one.
        expectError(
          await call('GET', `/api/widget/conversations/${created.json.conversationId}?widgetId=docs`),
          404,
          'conversation_not_found',
        );
      });

      test('errors before the widget is known are still readable by an allowed origin', async () => {
        const response = await call('POST', '/api/widget/chat', {
          body: { widgetId: 'strict', message: '' },
          headers: { Origin: 'https://shop.example' },
        });
        expectError(response, 400, 'bad_request');
        assert.equal(response.headers.get('access-control-allow-origin'), 'https://shop.example');
        const elsewhere = await call('POST', '/api/widget/chat', {
          raw: '{',
          headers: { Origin: 'https://evil.example' },
        });
        assert.equal(elsewhere.status, 400);
        // The docs widget allows any origin, so even this one may read it; a widget-only deployment would not.
        assert.equal(elsewhere.headers.get('access-control-allow-origin'), 'https://evil.example');
      });

      test('an origin outside the allow-list gets 403, readable there; an allowed one gets CORS headers', async () => {
        const refused = await call('GET', '/api/widget/strict/prelude', {
          headers: { Origin: 'https://evil.example' },
        });
        expectError(refused, 403, 'origin_not_allowed');
        assert.equal(refused.headers.get('access-control-allow-origin'), 'https://evil.example');
        const allowed = await call('GET', '/api/widget/strict/prelude', {
          headers: { Origin: 'https://shop.example' },
        });
        assert.equal(allowed.status, 200);
        assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example');
        assert.match(allowed.headers.get('vary'), /Origin/);
        assert.equal(allowed.headers.get('access-control-allow-credentials'), null);
        const preflight = await fetch(`${base}/api/widget/chat`, {
          method: 'OPTIONS',
          headers: {
            Origin: 'https://shop.example',
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'content-type,idempotency-key',
          },
        });
        assert.equal(preflight.status, 204);
        assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://shop.example');
        assert.match(preflight.headers.get('access-control-allow-headers'), /idempotency-key/);
      });
    });
  });
}
