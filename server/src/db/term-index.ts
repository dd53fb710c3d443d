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
    `insert into kb_terms (widget_id, lexeme, section_id, title_tf, path_tf, body_tf)
     select s.widget_id, t.lexeme, s.id,
            coalesce(sum(t.tf) filter (where t.field = 0), 0), coalesce(sum(t.tf) filter (where t.field = 1), 0),
            coalesce(sum(t.tf) filter (where t.field = 2), 0)
     from kb_sections s
     cross join lateral (
       select 0 as field, u.lexeme, cardinality(u.positions) as tf from unnest(to_tsvector('english', s.page_title)) u
       union all
       -- The headings under the page title: the title is a field of its own.
       select 1, u.lexeme, cardinality(u.positions)
       from unnest(to_tsvector('english', regexp_replace(s.heading_path, '^[^›]*(› )?', ''))) u
       union all
       select 2, u.lexeme, cardinality(u.positions) from unnest(to_tsvector('english', s.body)) u
     ) t
     where s.widget_id = $1 and s.page_id = any($2::text[])
     group by s.widget_id, t.lexeme, s.id`,
    [widgetId, pageIds],
  );
  await db.query(
    `update kb_sections s set title_length = l.title, path_length = l.path, body_length = l.body
     from (
       select t.section_id, sum(t.title_tf)::int as title, sum(t.path_tf)::int as path, sum(t.body_tf)::int as body
       from kb_terms t join kb_sections k on k.id = t.section_id
       where k.widget_id = $1 and k.page_id = any($2::text[])
       group by t.section_id
     ) l
     where s.id = l.section_id`,
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
