// The rate counters without HTTP: per visitor per minute, per widget per day, shared in the database.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { admitMessage, pruneCounters } from '../../src/db/limits.js';
import { upsertWidget } from '../../src/db/widgets.js';
import { describeOnEachBackend } from '../support/backends.js';

describeOnEachBackend(
  'limits',
  async () => undefined,
  (suite) => {
    test('each visitor has their own per-minute allowance; the refusal says how long to wait', async () => {
      const widget = await upsertWidget(suite.db, { id: 'w1', rate_limit_per_minute: 2 });
      // A new minute may start between calls: then the count starts again, and a third call is
      // admitted. Five calls hold at least one minute with three of them.
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await admitMessage(suite.db, widget, 'ana'));
      const refused = results.find(Boolean);
      assert.equal(refused?.code, 'rate_limited');
      assert.ok(refused!.retryAfter >= 1 && refused!.retryAfter <= 60, `retryAfter ${refused!.retryAfter}`);
      assert.equal(await admitMessage(suite.db, widget, 'ben'), undefined, 'another visitor is not affected');
    });

    test('the widget’s daily quota holds across visitors, and is told in seconds to the end of the day', async () => {
      const widget = await upsertWidget(suite.db, { id: 'w2', daily_quota: 2 });
      assert.equal(await admitMessage(suite.db, widget, 'a'), undefined);
      assert.equal(await admitMessage(suite.db, widget, 'b'), undefined);
      const refused = await admitMessage(suite.db, widget, 'c');
      assert.equal(refused?.code, 'quota_exceeded');
      assert.ok(refused!.retryAfter >= 1 && refused!.retryAfter <= 86_400);
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
