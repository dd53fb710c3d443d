import type { Database } from './database.js';
import { lockKnowledgeBase } from './ingest-lock.js';

// What BM25F ranking reads (answering/retrieval.ts), written as pages are ingested, inside
// PostgreSQL: each section's terms as the English text search configuration makes them (stemmed,
// stop words gone), how often each occurs in the page title, the heading path and the body, the
// fields' lengths, and the widget's section count and average lengths.

/** The terms of the sections of `pageIds`, and those sections' field lengths. */
export async function indexTerms(db: Database, widgetId: string, pageIds: string[]): Promise<void> {
  if (pageIds.length === 0) return;
  await db.query(
    `with t as (
       select s.id as section_id, u.field, u.lexeme, u.tf
       from kb_sections s
       cross join lateral (
         select 0 as field, x.lexeme, cardinality(x.positions) as tf from unnest(to_tsvector('english', s.page_title)) x
         union all
         -- The headings under the page title: the title is a field of its own.
         select 1, x.lexeme, cardinality(x.positions)
         from unnest(to_tsvector('english', regexp_replace(s.heading_path, '^[^›]*(› )?', ''))) x
         union all
         select 2, x.lexeme, cardinality(x.positions) from unnest(to_tsvector('english', s.body)) x
       ) u
       where s.widget_id = $1 and s.page_id = any($2::text[])
     ), lengths as (
       select section_id, coalesce(sum(tf) filter (where field = 0), 0)::int as title,
              coalesce(sum(tf) filter (where field = 1), 0)::int as path, coalesce(sum(tf) filter (where field = 2), 0)::int as body
       from t group by section_id
     ), sections as (
       update kb_sections s set title_length = l.title, path_length = l.path, body_length = l.body
       from lengths l where s.id = l.section_id
     )
     insert into kb_terms (widget_id, lexeme, section_id, title_tf, path_tf, body_tf, title_length, path_length, body_length)
     select $1, t.lexeme, t.section_id,
            coalesce(sum(t.tf) filter (where t.field = 0), 0), coalesce(sum(t.tf) filter (where t.field = 1), 0),
            coalesce(sum(t.tf) filter (where t.field = 2), 0), l.title, l.path, l.body
     from t join lengths l using (section_id)
     group by t.lexeme, t.section_id, l.title, l.path, l.body`,
    [widgetId, pageIds],
  );
}

/** The widget's section count and average field lengths, after its knowledge base changed. */
export async function updateStats(db: Database, widgetId: string): Promise<void> {
  await db.query(
    `insert into kb_stats (widget_id, sections, avg_title, avg_path, avg_body)
     select $1, count(*), coalesce(avg(title_length), 0), coalesce(avg(path_length), 0), coalesce(avg(body_length), 0)
     from kb_sections where widget_id = $1
     on conflict (widget_id) do update set sections = excluded.sections, avg_title = excluded.avg_title,
       avg_path = excluded.avg_path, avg_body = excluded.avg_body`,
    [widgetId],
  );
}

/**
 * Indexes the knowledge bases that have sections but no term index yet: those ingested before
 * the term index existed. Run after migrating, so an upgrade answers at once.
 */
export async function indexUnindexed(db: Database): Promise<void> {
  const widgets = await db.query<{ widget_id: string }>(
    `select distinct widget_id from kb_sections s
     where not exists (select 1 from kb_stats t where t.widget_id = s.widget_id)`,
  );
  for (const { widget_id: widgetId } of widgets) {
    await db.transaction(async (tx) => {
      await lockKnowledgeBase(tx, widgetId);
      const [indexed] = await tx.query('select 1 from kb_stats where widget_id = $1', [widgetId]);
      if (indexed) return;
      const pages = await tx.query<{ page_id: string }>(
        'select distinct page_id from kb_sections where widget_id = $1',
        [widgetId],
      );
      await indexTerms(
        tx,
        widgetId,
        pages.map((p) => p.page_id),
      );
      await updateStats(tx, widgetId);
    });
  }
}
