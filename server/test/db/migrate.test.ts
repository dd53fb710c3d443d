// The schema is brought up to date once, however often and from however many processes migrate runs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { backends } from '../support/backends.js';

for (const backend of backends('migrate')) {
  describe(`migrate (${backend.name})`, () => {
    let db: Database;
    before(async () => (db = await backend.open()));
    after(() => db.close());

    test('every migration is recorded once; running it again changes nothing', async () => {
      assert.equal(await migrate(db), 0);
      assert.deepEqual(await Promise.all([migrate(db), migrate(db)]), [0, 0]);
      const versions = await db.query<{ version: number }>('select version from schema_migrations order by version');
      assert.deepEqual(
        versions.map((v) => v.version),
        MIGRATIONS.map((_, i) => i + 1),
      );
    });
  });
}
