// The term index BM25F reads: written at ingest, and made at start for knowledge bases ingested
// before it existed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { search } from '../../src/answering/retrieval.js';
import { migrate } from '../../src/db/migrate.js';
import { describeOnEachBackend } from '../support/backends.js';
import { docsWidget } from '../support/fixtures.js';

describeOnEachBackend(
  'term index',
  (db) => docsWidget(db),
  (suite) => {
    const count = async (sql: string) => (await suite.db.query<{ n: number }>(sql))[0]!.n;

    test('every section has its terms, field lengths, and the widget its averages', async () => {
      assert.equal(await count(`select count(*)::int as n from kb_sections where body_length = 0`), 0);
      assert.ok((await count(`select count(*)::int as n from kb_terms where widget_id = 'docs'`)) > 50);
      const [stats] = await suite.db.query<{ sections: number; avg_body: number }>(
        `select sections, avg_body from kb_stats where widget_id = 'docs'`,
      );
      assert.equal(stats!.sections, await count(`select count(*)::int as n from kb_sections where widget_id = 'docs'`));
      assert.ok(stats!.avg_body > 5);
    });

    test('a knowledge base ingested before the index existed is indexed when the server migrates', async () => {
      await suite.db.query(`delete from kb_terms where widget_id = 'docs'`);
      await suite.db.query(`delete from kb_stats where widget_id = 'docs'`);
      assert.deepEqual(await search(suite.db, 'docs', 'How do I add the chat to WordPress?'), []);
      await migrate(suite.db);
      const [hit] = await search(suite.db, 'docs', 'How do I add the chat to WordPress?');
      assert.equal(hit?.pageUrl, 'https://docs.example/install.md#wordpress');
    });
  },
);
