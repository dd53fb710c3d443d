import type { Database } from './database.js';

/** Any number: the advisory lock only has to be the same in every process of this server. */
const INGEST_LOCK = 74190002;

/**
 * Holds, until the transaction `tx` ends, the right to change the knowledge base of `widgetId`:
 * one ingest of a widget at a time, whichever process runs it. A second one waits, then applies
 * its own pages, instead of colliding with the first one's rows.
 */
export async function lockKnowledgeBase(tx: Database, widgetId: string): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock($1, hashtext($2))`, [INGEST_LOCK, widgetId]);
}
