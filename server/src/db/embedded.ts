import { Worker } from 'node:worker_threads';
import { claimDataDir } from './data-dir-claim.js';
import { noNestedTransaction, type Database } from './database.js';

// The embedded PostgreSQL (PGlite) runs in a thread of its own (embedded-thread.ts): its queries
// are computed, not waited on, and on the server's thread one search would hold up every other
// request — a prelude, a 400, a live event — until it finished (docs/server.md, "The embedded
// database"). Here, each call is a message to that thread and a promise of its reply.

/** What the server's thread asks the database thread. */
export type ThreadRequest = { id: number } & (
  | { op: 'open' }
  | { op: 'query'; sql: string; params: unknown[]; tx?: number }
  | { op: 'begin' }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'listen'; channel: string }
  | { op: 'unlisten'; listener: number }
  | { op: 'close' }
);

/** What it answers: a request's result or error, or a notification for a listener. */
export type ThreadReply =
  { id: number; result?: unknown; error?: Record<string, unknown> } | { listener: number; payload: string };

type Request = ThreadRequest extends infer R ? (R extends ThreadRequest ? Omit<R, 'id'> : never) : never;

/**
 * The thread's module. Under tsx (the tests) this file is TypeScript, and so is the thread's: the
 * thread then registers tsx itself first (a worker does not share the loader of the thread that made it).
 */
const typescript = import.meta.url.endsWith('.ts');
const threadFile = new URL(typescript ? './embedded-thread.ts' : './embedded-thread.js', import.meta.url);
const startThread = (dataDir: string) =>
  typescript
    ? new Worker(
        `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(threadFile.href)}); });`,
        { eval: true, workerData: { dataDir } },
      )
    : new Worker(threadFile, { workerData: { dataDir } });

/** An error from the thread, as the caller would have had it from PGlite: message and PostgreSQL fields. */
function rebuild(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message)), fields);
}

/** An embedded PostgreSQL (PGlite) in `dataDir`, or in memory when it is `memory`. */
export async function openEmbedded(dataDir: string): Promise<Database> {
  const release = dataDir === 'memory' ? () => {} : claimDataDir(dataDir);
  const thread = startThread(dataDir);
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners = new Map<number, (payload: string) => void>();
  let nextId = 1;
  let gone: Error | undefined;

  // Like a database on this thread, an open one alone does not keep the process alive; a call under way does.
  thread.unref();
  thread.on('message', (reply: ThreadReply) => {
    if ('listener' in reply) return listeners.get(reply.listener)?.(reply.payload);
    const call = pending.get(reply.id);
    pending.delete(reply.id);
    if (pending.size === 0) thread.unref();
    if (reply.error) call?.reject(rebuild(reply.error));
    else call?.resolve(reply.result);
  });
  const fail = (error: Error) => {
    gone ??= error;
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };
  thread.on('error', fail);
  thread.on('exit', (code) => fail(new Error(`the embedded database stopped (exit code ${code})`)));

  const call = <T>(request: Request, id = nextId++): Promise<T> => {
    if (gone) return Promise.reject(gone);
    return new Promise<T>((resolve, reject) => {
      if (pending.size === 0) thread.ref();
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      thread.postMessage({ ...request, id });
    });
  };
  const query =
    (tx?: number) =>
    <T>(sql: string, params: unknown[] = []) =>
      call<T[]>({ op: 'query', sql, params, tx });

  try {
    await call({ op: 'open' });
  } catch (error) {
    await thread.terminate();
    release();
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    query: query(),
    async transaction(work) {
      const tx = await call<number>({ op: 'begin' });
      let result;
      try {
        result = await work({ query: query(tx), transaction: noNestedTransaction, close: async () => {} });
      } catch (error) {
        // The work's error is the one to report, even if rolling back fails too.
        await call({ op: 'end', tx, commit: false }).catch(() => {});
        throw error;
      }
      await call({ op: 'end', tx, commit: true });
      return result;
    },
    close() {
      closed ??= (async () => {
        try {
          await call({ op: 'close' });
        } finally {
          await thread.terminate();
          release();
        }
      })();
      return closed;
    },
    // One process has the embedded database: its notifications never miss a connection.
    async listen(channel, onPayload) {
      const id = nextId++;
      listeners.set(id, onPayload);
      await call({ op: 'listen', channel }, id);
      return async () => {
        listeners.delete(id);
        if (!gone) await call({ op: 'unlisten', listener: id });
      };
    },
  };
}
