// What is kept of live events: a week, for streams to resume from; older ones go at start.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createConversation } from '../../src/db/conversations.js';
import { eventsAfter, pruneEvents, recordEvent } from '../../src/db/events.js';
import { upsertWidget } from '../../src/db/widgets.js';
import { describeOnEachBackend } from '../support/backends.js';

describeOnEachBackend(
  'events',
  (db) => upsertWidget(db, { id: 'shop' }),
  (suite) => {
    test('events older than a week are dropped; newer ones stay, in order', async () => {
      const { id } = await createConversation(suite.db, 'shop', 'v');
      for (const status of ['escalated', 'agent', 'closed']) {
        await suite.db.transaction((tx) => recordEvent(tx, id, 'status', { status }));
      }
      await suite.db.query(
        `update conversation_events set created_at = now() - interval '8 days'
         where conversation_id = $1 and data->>'status' = 'escalated'`,
        [id],
      );
      await pruneEvents(suite.db);
      const left = await eventsAfter(suite.db, id, '0');
      assert.deepEqual(
        left.map((e) => (e.data as { status: string }).status),
        ['agent', 'closed'],
      );
      assert.ok(Number(left[0]!.id) < Number(left[1]!.id));
    });
  },
);
