import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
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

/**
 * Claims `dataDir` for this process: PGlite keeps no lock of its own, and a second process opening
 * the same folder (`npm run widget` while the server runs) hangs both. A claim whose process is
 * gone is taken over. Returns the function that gives the claim up.
 */
function claimDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lock = join(dataDir, 'opencx.pid');
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lock, 'utf8'));
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `the database in ${dataDir} is open in another process (pid ${holder}), such as the running server. ` +
            'Stop it first, or use DATABASE_URL: a PostgreSQL server can be shared.',
          { cause: error },
        );
      }
      rmSync(lock, { force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An embedded PostgreSQL (PGlite) in `dataDir`, or in memory when it is `memory`. */
export async function openEmbedded(dataDir: string): Promise<Database> {
  const release = dataDir === 'memory' ? () => {} : claimDataDir(dataDir);
  const pg = dataDir === 'memory' ? new PGlite() : new PGlite(dataDir);
  try {
    await pg.waitReady;
  } catch (error) {
    release();
    throw error;
  }
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
    async () => {
      await pg.close();
      release();
    },
  );
  return db;
}

/** A real PostgreSQL server (`DATABASE_URL`), through a connection pool. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('select 1'); // fail at start, with the driver's own message, not on the first visitor
  const on =
    (client: pg.Pool | pg.PoolClient) =>
    async <T>(sql: string, params: unknown[] = []) =>
      (await client.query(sql, params)).rows as T[];
  return {
    query: on(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work({
          query: on(client),
          transaction: () => Promise.reject(new Error('nested transaction')),
          close: async () => {},
        });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Brings the schema up to date, in one transaction holding an advisory lock: several server
 * processes starting together on one PostgreSQL migrate once, one after the other.
 */
export async function migrate(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(74190001)');
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
}
