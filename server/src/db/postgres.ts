import pg from 'pg';
import { noNestedTransaction, type Database } from './database.js';

const rowsOf =
  (client: pg.Pool | pg.PoolClient) =>
  async <T>(sql: string, params: unknown[] = []) =>
    (await client.query(sql, params)).rows as T[];

/** A real PostgreSQL server (`DATABASE_URL`), through a connection pool. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const listeners = new Set<() => Promise<void>>();
  let closed = false;
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
    close: async () => {
      closed = true;
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
    async listen(channel, onPayload, onReconnect) {
      if (closed) throw new Error('the database is closed');
      const stop = await listenOn(url, channel, onPayload, onReconnect);
      // Closed while it connected: its connection would keep the process alive.
      if (closed) {
        await stop();
        throw new Error('the database is closed');
      }
      listeners.add(stop);
      return async () => {
        listeners.delete(stop);
        await stop();
      };
    },
  };
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other queries). When it is
 * lost, it is made again, with a growing pause, and `onReconnect` says notifications may have been missed.
 */
async function listenOn(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onReconnect?: () => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | undefined;
  const connect = async () => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
    });
    next.on('error', () => void lost(next));
    await next.connect();
    await next.query(`listen "${channel.replaceAll('"', '""')}"`);
    client = next;
  };
  const lost = async (dead: pg.Client, pause = 500) => {
    if (stopped || client !== dead) return;
    client = undefined;
    await dead.end().catch(() => {});
    while (!stopped && !client) {
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 10_000);
      await connect().then(onReconnect, () => {});
    }
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => {});
  };
}
