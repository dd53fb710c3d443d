/** The little the server needs from PostgreSQL, whichever one it runs on (embedded.ts, postgres.ts). */
export interface Database {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  transaction<T>(work: (tx: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Inside a transaction: one is enough, and a nested one would silently commit early. */
export const noNestedTransaction: Database['transaction'] = () => Promise.reject(new Error('nested transaction'));
