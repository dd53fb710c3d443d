/** The little the server needs from PostgreSQL, whichever one it runs on (embedded.ts, postgres.ts). */
export interface Database {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  transaction<T>(work: (tx: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * Calls `onPayload` with each NOTIFY on `channel`, from any process on this database, and
   * `onReconnect` after the listening connection was lost and made again (notifications may have
   * been missed meanwhile). Resolves to the function that stops listening. Not inside a transaction.
   */
  listen?(
    channel: string,
    onPayload: (payload: string) => void,
    onReconnect?: () => void,
  ): Promise<() => Promise<void>>;
}

/** Inside a transaction: one is enough, and a nested one would silently commit early. */
export const noNestedTransaction: Database['transaction'] = () => Promise.reject(new Error('nested transaction'));
