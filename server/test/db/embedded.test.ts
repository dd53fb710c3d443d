// The embedded database in its own thread (docs/server.md, "The embedded database"): it answers as
// PGlite would — rows, PostgreSQL's errors, transactions, notifications — and while it computes,
// the server's thread goes on answering.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { openEmbedded } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { docsWidget } from '../support/fixtures.js';
import { listen } from '../support/http.js';

describe('the embedded database', () => {
  let db: Database;
  before(async () => {
    db = await openEmbedded('memory');
    await migrate(db);
  });
  after(() => db.close());

  test('rows, errors with their SQLSTATE, and transactions that commit or roll back', async () => {
    assert.deepEqual(await db.query('select $1::int + 1 as n', [41]), [{ n: 42 }]);
    await assert.rejects(db.query('select * from no_such_table'), { code: '42P01', message: /no_such_table/ });
    await db.query('create table t (a int primary key)');
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query('insert into t values (1)');
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    await db.transaction((tx) => tx.query('insert into t values (2)'));
    assert.deepEqual(await db.query('select a from t'), [{ a: 2 }]);
    await assert.rejects(db.query('insert into t values (2)'), { code: '23505' });
  });

  test('notifications reach a listener until it stops', async () => {
    const heard: string[] = [];
    const stop = await db.listen!('test_channel', (payload) => heard.push(payload));
    await db.query(`select pg_notify('test_channel', 'one')`);
    await stop();
    await db.query(`select pg_notify('test_channel', 'two')`);
    await db.query('select 1');
    assert.deepEqual(heard, ['one']);
  });

  test('a long query does not hold up the server: a prelude is answered over HTTP while it runs', async () => {
    await docsWidget(db, { id: 'docs' });
    const served = await listen(createApp({ db }));
    try {
      const prelude = () => fetch(`${served.base}/api/widget/docs/prelude`);
      assert.equal((await prelude()).status, 200);
      let finished = false;
      const long = db.query('select count(*) from generate_series(1, 3000000)').then(() => (finished = true));
      // Over a socket: only a thread free to take the connection answers before the query ends.
      assert.equal((await prelude()).status, 200);
      assert.equal(finished, false, 'the prelude came first');
      await long;
    } finally {
      await served.close();
    }
  });
});
