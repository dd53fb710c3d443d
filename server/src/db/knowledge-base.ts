import type { Database } from './database.js';

/** One part of a knowledge-base page: what a citation points at. */
export interface Section {
  pageId: string;
  pageTitle: string;
  pageUrl: string;
  heading: string;
  body: string;
}

/** Any number: the advisory lock only has to be the same in every process of this server. */
const INGEST_LOCK = 74190002;

/**
 * Replaces the knowledge base of `widgetId` with `sections`, in one transaction: visitors see the
 * old one or the new one, never half of each.
 */
export async function replaceSections(db: Database, widgetId: string, sections: Section[]): Promise<void> {
  await db.transaction(async (tx) => {
    // One ingest of a widget at a time, whichever process runs it: a second one waits, then
    // replaces what the first wrote, instead of colliding with its rows.
    await tx.query(`select pg_advisory_xact_lock($1, hashtext($2))`, [INGEST_LOCK, widgetId]);
    await tx.query('delete from kb_sections where widget_id = $1', [widgetId]);
    for (const s of sections) {
      await tx.query(
        'insert into kb_sections (widget_id, page_id, page_title, page_url, heading, body) values ($1, $2, $3, $4, $5, $6)',
        [widgetId, s.pageId, s.pageTitle, s.pageUrl, s.heading, s.body],
      );
    }
  });
}
