import type { Database } from './database.js';
import { lockKnowledgeBase } from './ingest-lock.js';
import { indexTerms, updateStats } from './term-index.js';

/** One part of a knowledge-base page: what a citation points at. */
export interface Section {
  pageId: string;
  pageTitle: string;
  /** The page's URL, with the anchor of the section's heading. */
  pageUrl: string;
  /** The section's own heading (the page title for the text before the first heading). */
  heading: string;
  /** The headings it sits under, the page title first and its own heading last: `Page › Part › Detail`. */
  headingPath: string[];
  body: string;
}

/** A page as ingested: the sections it makes, and a hash of what made them. */
export interface IngestedPage {
  pageId: string;
  hash: string;
  sections: Section[];
}

/** The hash of each page in the widget's knowledge base, by page id. */
export async function pageHashes(db: Database, widgetId: string): Promise<Map<string, string>> {
  const rows = await db.query<{ page_id: string; hash: string }>(
    'select page_id, hash from kb_pages where widget_id = $1',
    [widgetId],
  );
  return new Map(rows.map((r) => [r.page_id, r.hash]));
}

/**
 * Brings the widget's knowledge base to the pages of one ingest, in one transaction (visitors see
 * the old knowledge base or the new one, never half of each): `changed` pages are written anew,
 * pages in neither `changed` nor `unchanged` are removed, the rest is left as it is.
 */
export async function syncPages(
  db: Database,
  widgetId: string,
  { changed, unchanged }: { changed: IngestedPage[]; unchanged: string[] },
): Promise<{ removed: number }> {
  return db.transaction(async (tx) => {
    await lockKnowledgeBase(tx, widgetId);
    const kept = [...unchanged, ...changed.map((p) => p.pageId)];
    const removed = await tx.query(
      'delete from kb_pages where widget_id = $1 and not (page_id = any($2::text[])) returning page_id',
      [widgetId, kept],
    );
    const replaced = [...removed.map((r) => r.page_id as string), ...changed.map((p) => p.pageId)];
    await tx.query('delete from kb_sections where widget_id = $1 and page_id = any($2::text[])', [widgetId, replaced]);
    await insertSections(tx, widgetId, changed);
    await indexTerms(
      tx,
      widgetId,
      changed.map((p) => p.pageId),
    );
    await updateStats(tx, widgetId);
    await tx.query(
      `insert into kb_pages (widget_id, page_id, hash) select $1, * from unnest($2::text[], $3::text[])
       on conflict (widget_id, page_id) do update set hash = excluded.hash`,
      [widgetId, changed.map((p) => p.pageId), changed.map((p) => p.hash)],
    );
    return { removed: removed.length };
  });
}

/** The sections of `pages`, in one statement: ingesting is not a round trip per section. */
async function insertSections(db: Database, widgetId: string, pages: IngestedPage[]): Promise<void> {
  const rows = pages.flatMap((page) => page.sections.map((section, ordinal) => ({ ...section, ordinal })));
  const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((row) => row[key]);
  await db.query(
    `insert into kb_sections (widget_id, page_id, ordinal, page_title, page_url, heading, heading_path, body)
     select $1, * from unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
    [
      widgetId,
      column('pageId'),
      column('ordinal'),
      column('pageTitle'),
      column('pageUrl'),
      column('heading'),
      rows.map((row) => row.headingPath.join(' › ')),
      column('body'),
    ],
  );
}

/** How many pages and sections the widget's knowledge base holds. */
export async function knowledgeBaseSize(db: Database, widgetId: string): Promise<{ pages: number; sections: number }> {
  const [row] = await db.query<{ pages: number; sections: number }>(
    `select (select count(*)::int from kb_pages where widget_id = $1) as pages,
            (select count(*)::int from kb_sections where widget_id = $1) as sections`,
    [widgetId],
  );
  return row!;
}
