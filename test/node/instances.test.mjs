// Several server processes behind a load balancer, sharing one PostgreSQL (docs/server.md,
// "Several instances on one PostgreSQL"): they start together, and any of them serves any
// request with the same conversations, idempotency records and limits. `npm test` and CI always
// provide the PostgreSQL server (OPENCX_TEST_DATABASE_URL); the embedded database cannot be shared.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import pg from 'pg';
import { MIGRATIONS } from '../../server/dist/db/migrations.js';
import { startServer } from '../support/server.mjs';

const url = process.env.OPENCX_TEST_DATABASE_URL;
if (url) {
  describe('two server processes on one PostgreSQL', () => {
    // A schema of its own, so the suite can run beside server.test.mjs on the same database.
    const shared = new URL(url);
    shared.searchParams.set('options', '-c search_path=instances');
    const env = { ...process.env, DATABASE_URL: shared.href };
    const instances = [];

    const start = () => startServer(env);

    const cli = (...args) => promisify(execFile)(process.execPath, ['server/dist/cli.js', ...args], { env });

    before(async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('drop schema if exists instances cascade');
      await client.query('create schema instances');
      await client.end();
      // Started at the same moment: both migrate (one waits for the other) and both seed the demo.
      instances.push(...(await Promise.all([start(), start()])));
      await cli('widget', 'set', 'shop', '--rate-limit', '3');
      await cli('kb', 'ingest', 'shop', 'server/test/fixtures/kb', '--base-url', 'https://shop.example/help/');
    });

    after(() => Promise.all(instances.map((instance) => instance.stop())));

    const chat = (instance, body, headers = {}) =>
      fetch(`${instance.base}/api/widget/chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ widgetId: 'shop', ...body }),
      });
    /** A visitor made by `instance`: the headers that present it, on either instance. */
    const visitor = async (instance) => {
      const reply = await fetch(`${instance.base}/api/widget/visitors`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ widgetId: 'shop' }),
      });
      return { 'X-Visitor-Token': (await reply.json()).visitorToken };
    };

    test('a conversation started on one instance continues on the other', async () => {
      const [a, b] = instances;
      const first = await (await chat(a, { message: 'How does dark mode work?' })).json();
      // The visitor a made is good on b: both sign with the secret in the shared database.
      const headers = { 'X-Visitor-Token': first.visitorToken };
      const second = await chat(
        b,
        { message: 'which values does it take?', conversationId: first.conversationId },
        headers,
      );
      assert.equal(second.status, 200);
      const followUp = await second.json();
      assert.equal(followUp.wasRefused, false, 'the follow-up knows the question asked on the other instance');
      const history = await (
        await fetch(`${a.base}/api/widget/conversations/${first.conversationId}/messages?widgetId=shop`, { headers })
      ).json();
      assert.deepEqual(
        history.messages.map((m) => m.role),
        ['user', 'assistant', 'user', 'assistant'],
      );
    });

    test('one message sent to both instances at once is answered once', async () => {
      const [a, b] = instances;
      const headers = await visitor(b);
      const body = { message: 'How do I reset my password?', clientMessageId: 'twice' };
      const [fromA, fromB] = await Promise.all([chat(a, body, headers), chat(b, body, headers)]);
      const [answerA, answerB] = [await fromA.json(), await fromB.json()];
      assert.deepEqual(answerB, answerA);
      const history = await (
        await fetch(`${b.base}/api/widget/conversations/${answerA.conversationId}/messages?widgetId=shop`, { headers })
      ).json();
      assert.deepEqual(
        history.messages.map((m) => [m.messageId, m.role]),
        [
          ['twice', 'user'],
          [answerA.messageId, 'assistant'],
        ],
      );
    });

    test('the per-visitor limit holds across instances', async () => {
      const [a, b] = instances;
      const statuses = [];
      const headers = await visitor(a);
      for (const instance of [a, b, a, b]) {
        statuses.push((await chat(instance, { message: 'dark mode' }, headers)).status);
      }
      assert.deepEqual(statuses, [200, 200, 200, 429]);
    });

    test('one daily quota across instances, and a refusal repeated by either costs no write', async () => {
      const [a, b] = instances;
      await cli('widget', 'set', 'quota', '--daily-quota', '4', '--client-share', '1');
      await cli('kb', 'ingest', 'quota', 'server/test/fixtures/kb', '--base-url', 'https://shop.example/help/');
      const ask = (instance) =>
        fetch(`${instance.base}/api/widget/chat`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ widgetId: 'quota', message: 'dark mode' }),
        });
      const statuses = [];
      // A new visitor each time, alternating instances: the widget's quota is one count for both.
      for (const instance of [a, b, a, b, a, b]) statuses.push((await ask(instance)).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429]);
      const counted = async () => {
        const client = new pg.Client({ connectionString: shared.href });
        await client.connect();
        try {
          const { rows } = await client.query(
            `select coalesce(sum(count), 0)::int as n from rate_counters where widget_id = 'quota'`,
          );
          return rows[0].n;
        } finally {
          await client.end();
        }
      };
      const before = await counted();
      for (const instance of [a, b, a, b]) assert.equal((await ask(instance)).status, 429);
      assert.equal(await counted(), before, 'refused again without counting in the database');
    });

    test('a widget changed with the CLI is read again by both instances', async () => {
      const [a, b] = instances;
      const greeting = async (instance) =>
        (await (await fetch(`${instance.base}/api/widget/shop/prelude`)).json()).greeting;
      // Both have read the widget just now (and keep it a few seconds)...
      await Promise.all([greeting(a), greeting(b)]);
      await cli('widget', 'set', 'shop', '--greeting', 'Changed by the CLI');
      // ...and hear of the change from PostgreSQL: well before what they read would have expired.
      for (const instance of [a, b]) {
        const deadline = Date.now() + 3000;
        let seen = await greeting(instance);
        while (seen !== 'Changed by the CLI' && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          seen = await greeting(instance);
        }
        assert.equal(seen, 'Changed by the CLI');
      }
    });

    test('an agent’s reply written on one instance reaches the visitor’s event stream on the other', async () => {
      const [a, b] = instances;
      await cli(
        'agent',
        'add',
        'ana@shop.example',
        '--widget',
        'shop',
        '--name',
        'Ana',
        '--password',
        'a long password',
      );
      const first = await (await chat(a, { message: 'How does dark mode work?' })).json();
      const { conversationId } = first;
      const abort = new AbortController();
      const stream = await fetch(`${a.base}/api/widget/conversations/${conversationId}/events?widgetId=shop`, {
        headers: { 'X-Visitor-Token': first.visitorToken },
        signal: abort.signal,
      });
      assert.equal(stream.status, 200);
      let heard = '';
      const reading = (async () => {
        const decoder = new TextDecoder();
        try {
          for await (const chunk of stream.body) {
            heard += decoder.decode(chunk, { stream: true });
            if (heard.includes('Hello from b')) return;
          }
        } catch {
          // aborted
        }
      })();
      const signIn = await fetch(`${b.base}/api/agent/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'ana@shop.example', password: 'a long password' }),
      });
      const { csrfToken } = await signIn.json();
      const cookie = signIn.headers.get('set-cookie').split(';')[0];
      const reply = await fetch(`${b.base}/api/agent/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken },
        body: JSON.stringify({ content: 'Hello from b' }),
      });
      assert.equal(reply.status, 201);
      // Stops waiting after 5 s: then the assertions below say what did not arrive.
      const timeout = setTimeout(() => abort.abort(), 5000);
      await reading;
      clearTimeout(timeout);
      abort.abort();
      assert.match(heard, /event: status\ndata: \{"status":"agent"\}/);
      assert.match(heard, /event: message\ndata: .*"content":"Hello from b"/);
      assert.match(heard, /"author":\{"name":"Ana"\}/);
    });

    test('both instances migrated once and seeded the demo knowledge base once', async () => {
      const client = new pg.Client({ connectionString: shared.href });
      await client.connect();
      try {
        const migrations = await client.query('select version from schema_migrations order by version');
        assert.deepEqual(
          migrations.rows.map((r) => r.version),
          MIGRATIONS.map((_, i) => i + 1),
        );
        const duplicates = await client.query(
          `select page_id, ordinal from kb_sections where widget_id = 'demo' group by page_id, ordinal having count(*) > 1`,
        );
        assert.deepEqual(duplicates.rows, []);
        const [{ n }] = (await client.query(`select count(*)::int as n from kb_sections where widget_id = 'demo'`))
          .rows;
        assert.ok(n > 20, `the demo has its sections (${n})`);
      } finally {
        await client.end();
      }
    });
  });
}
