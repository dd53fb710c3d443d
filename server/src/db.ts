import { PGlite } from '@electric-sql/pglite';
import { MIGRATIONS } from './migrations.js';

/** The little the server needs from PostgreSQL, whichever one it runs on. */
export interface Database {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  transaction<T>(work: (tx: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

type Queryable = Pick<PGlite, 'query'>;

function wrap(client: Queryable, transaction: Database['transaction'], close: Database['close']): Database {
  return {
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows,
    transaction,
    close,
  };
}

/** An embedded PostgreSQL (PGlite) in `dataDir`, or in memory when it is `memory`. */
export async function openEmbedded(dataDir: string): Promise<Database> {
  const pg = dataDir === 'memory' ? new PGlite() : new PGlite(dataDir);
  await pg.waitReady;
  const db: Database = wrap(
    pg,
    (work) =>
      pg.transaction((tx) =>
        work(
          wrap(
            tx,
            () => Promise.reject(new Error('nested transaction')),
            async () => {},
          ),
        ),
      ),
    () => pg.close(),
  );
  return db;
}

/** Brings the schema up to date; each step runs once, in order, in its own transaction. */
export async function migrate(db: Database): Promise<number> {
  await db.query(
    'create table if not exists schema_migrations (version integer primary key, applied_at timestamptz not null default now())',
  );
  const done = new Set(
    (await db.query<{ version: number }>('select version from schema_migrations')).map((r) => r.version),
  );
  let applied = 0;
  for (const [index, sql] of MIGRATIONS.entries()) {
    const version = index + 1;
    if (done.has(version)) continue;
    await db.transaction(async (tx) => {
      for (const statement of sql.split(/;\s*$/m).filter((s) => s.trim())) await tx.query(statement);
      await tx.query('insert into schema_migrations (version) values ($1)', [version]);
    });
    applied += 1;
  }
  return applied;
}
