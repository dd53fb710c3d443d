// The schema is brought up to date once, however often and from however many processes migrate runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrate } from '../../src/db/migrate.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { describeOnEachBackend } from '../support/backends.js';

describeOnEachBackend(
  'migrate',
  async () => undefined,
  (suite) => {
    test('every migration is recorded once; running it again changes nothing', async () => {
      assert.equal(await migrate(suite.db), 0);
      assert.deepEqual(await Promise.all([migrate(suite.db), migrate(suite.db)]), [0, 0]);
      const versions = await suite.db.query<{ version: number }>(
        'select version from schema_migrations order by version',
      );
      assert.deepEqual(
        versions.map((v) => v.version),
        MIGRATIONS.map((_, i) => i + 1),
      );
    });
  },
);
