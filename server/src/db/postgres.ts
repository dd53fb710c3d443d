import pg from 'pg';
import { noNestedTransaction, type Database } from './database.js';

const rowsOf =
  (client: pg.Pool | pg.PoolClient) =>
  async <T>(sql: string, params: unknown[] = []) =>
    (await client.query(sql, params)).rows as T[];

/** A real PostgreSQL server (`DATABASE_URL`), through a connection pool. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('select 1'); // fail at start, with the driver's own message, not on the first visitor
  return {
    query: rowsOf(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work({ query: rowsOf(client), transaction: noNestedTransaction, close: async () => {} });
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
