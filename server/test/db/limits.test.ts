// The rate counters without HTTP: per visitor and per address per minute, per address and per
// widget per day, for messages and for other writes, shared in the database.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  admitMessage,
  admitWrite,
  clientDailyMessages,
  pruneCounters,
  VISITORS_PER_CLIENT,
  WRITES_PER_MINUTE,
} from '../../src/db/limits.js';
import { upsertWidget } from '../../src/db/widgets.js';
import { describeOnEachBackend } from '../support/backends.js';

describeOnEachBackend(
  'limits',
  async () => undefined,
  (suite) => {
    /** A message from `visitorId`, each visitor at an address of their own unless `client` says. */
    const message = (widget: Parameters<typeof admitMessage>[1], visitorId: string, client = `addr-${visitorId}`) =>
      admitMessage(suite.db, widget, { visitorId, client });

    test('each visitor has their own per-minute allowance; the refusal says how long to wait', async () => {
      const widget = await upsertWidget(suite.db, { id: 'w1', rate_limit_per_minute: 2 });
      // A new minute may start between calls: then the count starts again, and a third call is
      // admitted. Five calls hold at least one minute with three of them.
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await message(widget, 'ana'));
      const refused = results.find(Boolean);
      assert.equal(refused?.code, 'rate_limited');
      assert.ok(refused!.retryAfter >= 1 && refused!.retryAfter <= 60, `retryAfter ${refused!.retryAfter}`);
      assert.equal(await message(widget, 'ben'), undefined, 'another visitor is not affected');
    });

    test('the widget’s daily quota holds across visitors, and is told in seconds to the end of the day', async () => {
      const widget = await upsertWidget(suite.db, { id: 'w2', daily_quota: 2, client_quota_share: 1 });
      assert.equal(await message(widget, 'a'), undefined);
      assert.equal(await message(widget, 'b'), undefined);
      const refused = await message(widget, 'c');
      assert.equal(refused?.code, 'quota_exceeded');
      assert.ok(refused!.retryAfter >= 1 && refused!.retryAfter <= 86_400);
      // Spread over shards, summed; the refused message gave back every count it took.
      const [shards] = await suite.db.query<{ rows: number; total: number }>(
        `select count(*) filter (where count > 0)::int as rows, sum(count)::int as total from rate_counters where widget_id = 'w2' and bucket like 'widget#%'`,
      );
      assert.equal(shards?.total, 2);
      assert.ok(shards.rows >= 1 && shards.rows <= 2);
      const [spent] = await suite.db.query<{ visitor: number }>(
        `select coalesce(sum(count), 0)::int as visitor from rate_counters where widget_id = 'w2' and bucket = 'visitor:c'`,
      );
      assert.equal(spent?.visitor, 0, 'the refused visitor’s own minute is not spent');
    });

    test('new visitors at one address do not escape: the address has five visitors’ worth a minute', async () => {
      const widget = await upsertWidget(suite.db, { id: 'w3', rate_limit_per_minute: 2 });
      const results = [];
      // Each message a new visitor, all from one address: 10 a minute pass, the rest are refused
      // (a minute may turn between calls, so 25 calls hold one minute with more than 10).
      for (let i = 0; i < 25; i++) results.push(await message(widget, `rotated-${i}`, '203.0.113.7'));
      const refused = results.find(Boolean);
      assert.equal(refused?.code, 'rate_limited');
      assert.ok(results.filter((r) => !r).length >= 2 * VISITORS_PER_CLIENT);
      assert.equal(await message(widget, 'elsewhere', '198.51.100.1'), undefined, 'another address is not affected');
    });

    test('one address takes at most its share of the daily quota, and the others still get answers', async () => {
      const widget = await upsertWidget(suite.db, {
        id: 'w4',
        daily_quota: 20,
        client_quota_share: 0.1,
        rate_limit_per_minute: 1000,
      });
      assert.equal(clientDailyMessages(widget), 2);
      const greedy = [];
      for (let i = 0; i < 10; i++) greedy.push(await message(widget, `bot-${i}`, '203.0.113.9'));
      assert.equal(greedy.filter((r) => !r).length, 2, 'its share');
      assert.equal(greedy.at(-1)?.code, 'quota_exceeded');
      for (let i = 0; i < 18; i++) assert.equal(await message(widget, `person-${i}`), undefined, `visitor ${i}`);
      assert.equal((await message(widget, 'one-too-many'))?.code, 'quota_exceeded', 'the quota itself still holds');
    });

    test('other writes are bounded per address a minute', async () => {
      const widget = await upsertWidget(suite.db, { id: 'w5' });
      const results = [];
      for (let i = 0; i < 2 * WRITES_PER_MINUTE + 1; i++)
        results.push(await admitWrite(suite.db, widget, '203.0.113.5'));
      const refused = results.find(Boolean);
      assert.equal(refused?.code, 'rate_limited');
      assert.equal(await admitWrite(suite.db, widget, '198.51.100.5'), undefined, 'another address is not affected');
    });

    test('counters of windows long gone are pruned; current ones stay', async () => {
      await suite.db.query(
        `insert into rate_counters (widget_id, bucket, window_start, count) values ('w1', 'old', now() - interval '3 days', 5)`,
      );
      await pruneCounters(suite.db);
      const rows = await suite.db.query<{ bucket: string }>(`select bucket from rate_counters where widget_id = 'w1'`);
      assert.ok(!rows.some((r) => r.bucket === 'old'));
      assert.ok(rows.some((r) => r.bucket === 'visitor:ana'));
    });
  },
);
