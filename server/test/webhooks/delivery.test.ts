// Signed webhooks (docs/console.md, "Webhooks"): what a change writes to the outbox, and how the
// delivery worker sends it to a real HTTP receiver on this machine — signed, retried while the
// receiver is down, kept across a restart, given up after a day, and sent once by two workers.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { hashPassword } from '../../src/agents/password.js';
import { setStatus } from '../../src/db/agent-actions.js';
import { addAgent } from '../../src/db/agents.js';
import { createConversation } from '../../src/db/conversations.js';
import type { Database } from '../../src/db/database.js';
import { recordMessageEvent } from '../../src/db/events.js';
import { saveFeedback } from '../../src/db/feedback.js';
import { storeAnswer, storeVisitorMessage } from '../../src/db/messages.js';
import { escalate } from '../../src/db/tickets.js';
import { claimDue } from '../../src/db/webhook-outbox.js';
import { addWebhook, listWebhooks, removeWebhook } from '../../src/db/webhooks.js';
import { upsertWidget } from '../../src/db/widgets.js';
import { verify } from '../../src/webhooks/signature.js';
import { startWebhookWorker, type Worker } from '../../src/webhooks/worker.js';
import { describeOnEachBackend } from '../support/backends.js';

/** A delivery's body; `data` differs by type, read loosely here. */
interface WebhookEvent {
  id: string;
  type: string;
  widgetId: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each type's data is checked field by field
  data: Record<string, any>;
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** An endpoint on this machine: records what it is sent and answers `status()` (a number, or hangs on 0). */
class Receiver {
  received: Received[] = [];
  status = () => 200;
  #server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = this.status();
      if (status) res.writeHead(status).end();
    });
  });
  url = '';
  async start() {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hooks`;
  }
  stop() {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(resolve));
  }
  /** The event bodies received, parsed. */
  events() {
    return this.received.map((r) => JSON.parse(r.body) as WebhookEvent);
  }
}

const quiet = { warn: () => {}, error: () => {} };
const fast = (db: Database, retrySeconds = [0.05]) =>
  startWebhookWorker(db, { log: quiet, intervalMs: 20, timeoutMs: 10_000, retrySeconds });

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A visitor's message in a new conversation of `widget`, stored as the chat route stores it. */
async function visitorMessage(db: Database, widget: string, text: string) {
  const { id } = await createConversation(db, widget, 'v-1');
  await db.transaction(async (tx) => {
    await storeVisitorMessage(tx, id, 'm-1', text);
    await recordMessageEvent(tx, id, 'm-1');
  });
  return id;
}

const pending = async (db: Database) =>
  (
    await db.query<{ n: number }>(
      'select count(*)::int as n from webhook_deliveries where delivered_at is null and failed_at is null',
    )
  )[0]!.n;

describeOnEachBackend(
  'webhooks',
  async (db) => {
    await upsertWidget(db, { id: 'shop' });
    await upsertWidget(db, { id: 'other' });
    const { agent } = await addAgent(db, {
      email: 'ana@example.com',
      widgetId: 'shop',
      name: 'Ana',
      passwordHash: await hashPassword('a long password'),
    });
    return agent;
  },
  (suite) => {
    const receiver = new Receiver();
    let worker: Worker | undefined;
    before(() => receiver.start());
    /** After each test: its worker stopped, no endpoint left, the receiver as new. */
    const reset = async () => {
      await worker?.stop();
      await suite.db.query('delete from webhooks');
      receiver.received = [];
      receiver.status = () => 200;
    };
    after(async () => {
      await worker?.stop();
      await receiver.stop();
    });

    test('each event type reaches the endpoint once, signed; one byte changed and the signature fails', async (t) => {
      const { db } = suite;
      t.after(reset);
      const { secret } = await addWebhook(db, 'shop', receiver.url, [
        'conversation.escalated',
        'message.created',
        'conversation.closed',
        'feedback.created',
      ]);
      const conversationId = await visitorMessage(db, 'shop', 'Where is my parcel?');
      await storeAnswer(db, conversationId, 'a-1', {
        answer: 'It is on its way.',
        citations: [],
        relatedArticles: [],
        confidenceScore: 0.9,
        wasRefused: false,
      });
      await saveFeedback(db, 'shop', { messageId: 'a-1', type: 'negative', comment: 'Not helpful' });
      await escalate(db, 'shop', conversationId, { email: 'v@example.com', message: 'A person, please' });
      await setStatus(db, conversationId, suite.seeded, 'closed');
      // Another widget's events are not this endpoint's.
      await visitorMessage(db, 'other', 'Not for shop');

      worker = fast(db);
      await until(() => receiver.received.length >= 4, 'four deliveries');
      await worker.stop();
      const events = receiver.events();
      // Sent side by side, so in any order: each carries its createdAt.
      const byType = new Map(events.map((e) => [e.type, e]));
      assert.deepEqual([...byType.keys()].sort(), [
        'conversation.closed',
        'conversation.escalated',
        'feedback.created',
        'message.created',
      ]);
      assert.equal(events.length, 4, 'the bot’s answer and the closing notice are not sent');
      assert.ok(events.every((e) => e.widgetId === 'shop' && e.data.conversationId === conversationId));
      assert.equal(byType.get('message.created')!.data.message.content, 'Where is my parcel?');
      assert.equal(byType.get('feedback.created')!.data.comment, 'Not helpful');
      assert.equal(byType.get('conversation.escalated')!.data.ticket.email, 'v@example.com');
      assert.deepEqual(byType.get('conversation.closed')!.data.closedBy, { id: suite.seeded.id, name: 'Ana' });
      for (const { headers, body } of receiver.received) {
        const signature = String(headers['opencx-signature']);
        assert.equal(headers['opencx-event-id'], JSON.parse(body).id);
        assert.ok(verify(secret, body, signature), 'the documented check accepts it');
        const changed = body.replace('"shop"', '"shoq"');
        assert.equal(verify(secret, changed, signature), false, 'one byte changed: refused');
        assert.equal(verify('whsec_another', body, signature), false, 'another secret: refused');
        assert.equal(verify(secret, body, signature, Date.now() + 301_000), false, 'older than 5 minutes: refused');
      }
      const [row] = await listWebhooks(db, 'shop');
      assert.equal(row!.pending, 0);
      assert.equal(row!.last?.delivered, true);
    });

    test('a receiver that is down is tried again until it answers; the event keeps its id and body', async (t) => {
      const { db } = suite;
      t.after(reset);
      await addWebhook(db, 'shop', receiver.url, ['message.created']);
      let calls = 0;
      receiver.status = () => (++calls <= 2 ? 503 : 200);
      await visitorMessage(db, 'shop', 'Hello?');
      worker = fast(db);
      await until(() => receiver.received.length === 3, 'three tries');
      await until(async () => (await pending(db)) === 0, 'the delivery to be done');
      await worker.stop();
      const ids = receiver.received.map((r) => r.headers['opencx-event-id']);
      assert.equal(new Set(ids).size, 1, 'one event id for every try');
      assert.equal(new Set(receiver.received.map((r) => r.body)).size, 1, 'the same body every try');
      const [row] = await listWebhooks(db, 'shop');
      assert.equal(row!.last?.status, 200);
    });

    test('a delivery survives a restart: queued with no worker, or taken by a worker that died', async (t) => {
      const { db } = suite;
      t.after(reset);
      await addWebhook(db, 'shop', receiver.url, ['message.created']);
      await visitorMessage(db, 'shop', 'Queued while the server was down');
      await visitorMessage(db, 'shop', 'Taken by a worker that died');
      // A worker took one and died before sending it: its lease runs out, and another sends it.
      const [taken] = await claimDue(db, 1, 60);
      assert.ok(taken);
      await db.query(`update webhook_deliveries set next_attempt_at = now() - interval '1 second' where id = $1`, [
        taken.id,
      ]);
      worker = fast(db);
      await until(() => receiver.received.length === 2, 'both deliveries');
      await worker.stop();
      assert.deepEqual(
        receiver
          .events()
          .map((e) => e.data.message.content)
          .sort(),
        ['Queued while the server was down', 'Taken by a worker that died'],
      );
    });

    test('a delivery is given up a day after its event; the CLI list shows it', async (t) => {
      const { db } = suite;
      t.after(reset);
      await addWebhook(db, 'shop', receiver.url, ['message.created']);
      receiver.status = () => 500;
      await visitorMessage(db, 'shop', 'Too late');
      await db.query(`update webhook_deliveries set created_at = now() - interval '25 hours'`);
      worker = fast(db, [60]);
      await until(async () => (await listWebhooks(db, 'shop'))[0]?.failed === 1, 'the delivery to be given up');
      await worker.stop();
      assert.equal(receiver.received.length, 1);
      const [row] = await listWebhooks(db, 'shop');
      assert.equal(row!.last?.error, 'answered 500');
    });

    test('two workers on one database (two server processes) send each delivery once', async (t) => {
      const { db } = suite;
      t.after(reset);
      await addWebhook(db, 'shop', receiver.url, ['message.created']);
      for (let i = 0; i < 30; i++) await visitorMessage(db, 'shop', `Message ${i}`);
      const workers = [fast(db), fast(db)];
      t.after(() => Promise.all(workers.map((w) => w.stop())));
      await until(async () => (await pending(db)) === 0, 'every delivery');
      await Promise.all(workers.map((w) => w.stop()));
      const ids = receiver.received.map((r) => r.headers['opencx-event-id']);
      assert.equal(ids.length, 30);
      assert.equal(new Set(ids).size, 30);
    });

    test('without a webhook (or once it is removed) nothing is queued', async (t) => {
      const { db } = suite;
      t.after(reset);
      const { id } = await addWebhook(db, 'shop', receiver.url, ['message.created']);
      assert.equal(await removeWebhook(db, id), true);
      await visitorMessage(db, 'shop', 'Nobody listens');
      assert.equal(await pending(db), 0);
    });
  },
);
