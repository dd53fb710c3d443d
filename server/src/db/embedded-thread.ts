// The embedded database's own thread (docs/server.md, "The embedded database"): PGlite runs here,
// so a query never holds up the server's thread, where HTTP, live events and static files go on
// meanwhile. embedded.ts is the other end; this file only carries its requests to PGlite.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ThreadReply, ThreadRequest } from './embedded.js';

const port = parentPort!;
const { dataDir } = workerData as { dataDir: string };
// pg_trgm: the inbox's search index (migrations.ts).
const options = { extensions: { pg_trgm } };
const pg = dataDir === 'memory' ? new PGlite(options) : new PGlite(dataDir, options);

/** Thrown inside a transaction to roll it back when the server's side asks for that. */
const ROLLBACK = Symbol('rollback');

interface OpenTransaction {
  tx?: Transaction;
  commit: (yes: boolean) => void;
  done?: Promise<unknown>;
}
const transactions = new Map<number, OpenTransaction>();
const listeners = new Map<number, () => Promise<void>>();
let nextTransaction = 1;

const send = (reply: ThreadReply) => port.postMessage(reply);

/** An error as data: its message and PostgreSQL's fields (code, detail, constraint, …) survive the trip. */
function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, unknown> = { message: error.message, name: error.name };
  for (const [key, value] of Object.entries(error)) {
    if (['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  return fields;
}

function begin(): Promise<number> {
  const id = nextTransaction++;
  const open: OpenTransaction = { commit: () => {} };
  const decided = new Promise<boolean>((resolve) => (open.commit = resolve));
  return new Promise((started, failed) => {
    open.done = pg
      .transaction(async (tx) => {
        open.tx = tx;
        transactions.set(id, open);
        started(id);
        if (!(await decided)) throw ROLLBACK;
      })
      .catch((error: unknown) => {
        if (error === ROLLBACK) return;
        if (!open.tx) failed(error);
        throw error;
      });
    // Settled by `end`, which reports how it went; never unhandled here.
    open.done.catch(() => {});
  });
}

async function end(id: number, commit: boolean): Promise<null> {
  const open = transactions.get(id);
  if (!open) throw new Error(`no open transaction ${id}`);
  transactions.delete(id);
  open.commit(commit);
  await open.done;
  return null;
}

async function handle(request: ThreadRequest): Promise<unknown> {
  switch (request.op) {
    case 'open':
      await pg.waitReady;
      return null;
    case 'query': {
      const client = request.tx === undefined ? pg : transactions.get(request.tx)?.tx;
      if (!client) throw new Error(`no open transaction ${request.tx}`);
      return (await client.query(request.sql, request.params)).rows;
    }
    case 'begin':
      return begin();
    case 'end':
      return end(request.tx, request.commit);
    case 'listen': {
      const stop = await pg.listen(request.channel, (payload) => send({ listener: request.id, payload }));
      listeners.set(request.id, stop);
      return null;
    }
    case 'unlisten':
      await listeners.get(request.listener)?.();
      listeners.delete(request.listener);
      return null;
    case 'close':
      await pg.close();
      return null;
  }
}

port.on('message', (request: ThreadRequest) => {
  handle(request).then(
    (result) => send({ id: request.id, result }),
    (error: unknown) => send({ id: request.id, error: describe(error) }),
  );
});
