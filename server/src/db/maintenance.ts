import { sweepAttachments } from '../attachments/sweep.js';
import type { FileStore } from '../attachments/storage.js';
import type { Database } from './database.js';
import { pruneSessions } from './agent-credentials.js';
import { pruneEvents } from './events.js';
import { pruneCounters } from './limits.js';

// What keeps the database small and its plans good (docs/server.md, "Capacity"): records past
// their use are deleted, and the planner's statistics refreshed. PostgreSQL's autovacuum does the
// statistics and the space on its own; the embedded database has no autovacuum, so the server
// does it there.

/** How long an idempotency record answers a retry: a client retries within minutes, not days. */
const IDEMPOTENCY_DAYS = 2;
/** How long a finished webhook delivery stays listed (`npm run webhook -- deliveries`). */
const DELIVERY_DAYS = 7;

/** Deletes what is past its use: rate counters, live events, sessions, idempotency records, old deliveries. */
export async function prune(db: Database): Promise<void> {
  await pruneCounters(db);
  await pruneEvents(db);
  await pruneSessions(db);
  await db.query(`delete from idempotency where claimed_at < now() - interval '${IDEMPOTENCY_DAYS} days'`);
  await db.query(
    `delete from webhook_deliveries
     where (delivered_at is not null or failed_at is not null) and created_at < now() - interval '${DELIVERY_DAYS} days'`,
  );
}

/** The planner's statistics of the knowledge base, after an ingest changed it: searches plan by them. */
export async function analyzeKnowledgeBase(db: Database): Promise<void> {
  await db.query('analyze kb_pages, kb_sections, kb_terms, kb_stats');
}

/** One round of maintenance: prune (and sweep attachments); on the embedded database, also vacuum and analyze every table. */
export async function maintain(
  db: Database,
  { embedded, files }: { embedded: boolean; files?: FileStore },
): Promise<void> {
  await prune(db);
  if (files) await sweepAttachments(db, files);
  if (embedded) {
    await db.query('vacuum');
    await db.query('analyze');
  }
}

/**
 * Prunes now, and every `everyMs` (default an hour) runs a whole round: on the embedded database
 * (`embedded`) that also refreshes every table's statistics and reclaims the space deleted rows
 * held. Not at start: a VACUUM of a large folder would hold up the first requests, and each ingest
 * analyzes what it changed. Returns the function that stops it.
 */
export function startMaintenance(
  db: Database,
  {
    embedded,
    everyMs = 3_600_000,
    onError,
    files,
  }: { embedded: boolean; everyMs?: number; onError: (error: unknown) => void; files?: FileStore },
): () => void {
  const run = () => maintain(db, { embedded, files });
  let running = prune(db).catch(onError);
  const timer = setInterval(() => {
    running = running.then(run).catch(onError);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
