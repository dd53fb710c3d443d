// Maintenance (docs/server.md, "Capacity"): records past their use are deleted, current ones
// stay; on the embedded database the server also vacuums and analyzes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maintain, prune } from '../../src/db/maintenance.js';
import { upsertWidget } from '../../src/db/widgets.js';
import { describeOnEachBackend } from '../support/backends.js';

describeOnEachBackend(
  'maintenance',
  async () => undefined,
  (suite) => {
    test('old idempotency records and finished deliveries go; recent and pending ones stay', async () => {
      const db = suite.db;
      await upsertWidget(db, { id: 'kept' });
      await db.query(
        `insert into idempotency (widget_id, visitor_id, key, response, claimed_at) values
           ('kept', 'v', 'old', '{}', now() - interval '3 days'), ('kept', 'v', 'new', '{}', now())`,
      );
      await db.query(
        `insert into webhooks (id, widget_id, url, secret, events)
         values ('00000000-0000-4000-8000-000000000001', 'kept', 'https://hooks.example/', 's', array['message.created'])`,
      );
      const delivery = (age: string, state: string) =>
        db.query(
          `insert into webhook_deliveries (webhook_id, event_id, type, body, created_at, ${state})
           values ('00000000-0000-4000-8000-000000000001', gen_random_uuid(), '${age}', '{}', now() - interval '${age}', now())`,
        );
      await delivery('10 days', 'delivered_at');
      await delivery('1 day', 'delivered_at');
      await delivery('10 days', 'next_attempt_at'); // still being retried: never pruned
      await prune(db);
      const keys = await db.query<{ key: string }>(`select key from idempotency where widget_id = 'kept' order by key`);
      assert.deepEqual(
        keys.map((r) => r.key),
        ['new'],
      );
      const left = await db.query<{ type: string; delivered: boolean }>(
        `select type, delivered_at is not null as delivered from webhook_deliveries order by id`,
      );
      assert.deepEqual(left, [
        { type: '1 day', delivered: true },
        { type: '10 days', delivered: false },
      ]);
    });

    test('a round on the embedded database gives the planner its statistics', async () => {
      await suite.db.query('create table planned (a int)');
      await suite.db.query('insert into planned select generate_series(1, 1000)');
      const stats = () =>
        suite.db.query<{ n: number }>(`select count(*)::int as n from pg_stats where tablename = 'planned'`);
      assert.deepEqual(await stats(), [{ n: 0 }], 'none before');
      await maintain(suite.db, { embedded: true });
      assert.deepEqual(await stats(), [{ n: 1 }]);
    });
  },
);
