import { PGlite } from '@electric-sql/pglite';
import { claimDataDir } from './data-dir-claim.js';
import { noNestedTransaction, type Database } from './database.js';

type Queryable = Pick<PGlite, 'query'>;

const rowsOf =
  (client: Queryable) =>
  async <T>(sql: string, params: unknown[] = []) =>
    (await client.query<T>(sql, params)).rows;

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
  return {
    query: rowsOf(pg),
    transaction: (work) =>
      pg.transaction((tx) => work({ query: rowsOf(tx), transaction: noNestedTransaction, close: async () => {} })),
    async close() {
      await pg.close();
      release();
    },
    // One process has the embedded database: its notifications never miss a connection.
    listen: (channel, onPayload) => pg.listen(channel, onPayload),
  };
}
