import type { Database } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { indexUnindexed } from './term-index.js';

/** Any number: the advisory lock only has to be the same in every process of this server. */
const MIGRATION_LOCK = 74190001;

/**
 * Brings the schema up to date, in one transaction holding an advisory lock: several server
 * processes starting together on one PostgreSQL migrate once, one after the other.
 */
export async function migrate(db: Database): Promise<number> {
  const applied = await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      'create table if not exists schema_migrations (version integer primary key, applied_at timestamptz not null default now())',
    );
    const done = new Set(
      (await tx.query<{ version: number }>('select version from schema_migrations')).map((r) => r.version),
    );
    let applied = 0;
    for (const [index, sql] of MIGRATIONS.entries()) {
      const version = index + 1;
      if (done.has(version)) continue;
      for (const statement of sql.split(/;\s*$/m).filter((s) => s.trim())) await tx.query(statement);
      await tx.query('insert into schema_migrations (version) values ($1)', [version]);
      applied += 1;
    }
    return applied;
  });
  // Knowledge bases ingested before the term index existed are indexed now, not at their next ingest.
  await indexUnindexed(db);
  return applied;
}
