// The databases every database-backed suite runs on: the embedded PostgreSQL (PGlite, in memory)
// and, when OPENCX_TEST_DATABASE_URL names one (npm test and CI provide it), a real PostgreSQL
// server. The same code and SQL must serve both.
import { after, before, describe } from 'node:test';
import pg from 'pg';
import type { Database } from '../../src/db/database.js';
import { openEmbedded } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { openPostgres } from '../../src/db/postgres.js';

export interface Backend {
  name: string;
  /** A migrated database with nothing in it. */
  open(): Promise<Database>;
}

/**
 * The backends for the suite called `suite`. On PostgreSQL each suite gets a schema of its own
 * (`test_<suite>`, emptied first), so suites can run side by side on one server.
 */
export function backends(suite: string): Backend[] {
  const list: Backend[] = [
    {
      name: 'PGlite (embedded)',
      async open() {
        const db = await openEmbedded('memory');
        await migrate(db);
        return db;
      },
    },
  ];
  const url = process.env.OPENCX_TEST_DATABASE_URL;
  if (url) {
    list.push({
      name: 'PostgreSQL server',
      async open() {
        const schema = `test_${suite.replace(/\W+/g, '_').toLowerCase()}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        try {
          await admin.query(`drop schema if exists ${schema} cascade`);
          await admin.query(`create schema ${schema}`);
        } finally {
          await admin.end();
        }
        const scoped = new URL(url);
        scoped.searchParams.set('options', `-c search_path=${schema}`);
        const db = await openPostgres(scoped.href);
        await migrate(db);
        return db;
      },
    });
  }
  return list;
}

/** What a suite on one backend works with, once its `before` ran: the database and what `seed` made. */
export interface DatabaseSuite<T> {
  db: Database;
  seeded: T;
}

/**
 * `cases` on every backend, each on a fresh database that `seed` fills first. The context object
 * is filled in `before`: read it inside tests and hooks, not while they are declared.
 */
export function describeOnEachBackend<T = undefined>(
  suite: string,
  seed: (db: Database) => Promise<T>,
  cases: (suite: DatabaseSuite<T>) => void,
): void {
  for (const backend of backends(suite)) {
    describe(`${suite} (${backend.name})`, () => {
      const context = {} as DatabaseSuite<T>;
      before(async () => {
        context.db = await backend.open();
        context.seeded = await seed(context.db);
      });
      after(() => context.db?.close());
      cases(context);
    });
  }
}
