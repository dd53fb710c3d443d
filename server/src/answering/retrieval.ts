import type { Database } from '../db/database.js';
import type { Section } from '../db/knowledge-base.js';

export interface Hit extends Section {
  /** 0..1: how much of the question the section covers, and how strongly. */
  score: number;
}

/**
 * The sections that best match `question`, best first. Any of the question's words may match (an
 * AND of every word would miss most natural questions). Sections are ordered by PostgreSQL's
 * cover-density rank, normalised to 0..1 (`rank / (rank + 1)`), where a word in a title or
 * heading counts more than one in the body.
 *
 * The score, which an answer reports as its confidence, is
 *   known × (coverage + rank) / 2
 * where coverage is the share of the question's words the section contains, and known the share
 * of the question's words found anywhere in this knowledge base: a question about things the
 * docs never mention ("sourdough bread") scores low even when one of its words matches a heading.
 */
export async function search(db: Database, widgetId: string, question: string, limit = 5): Promise<Hit[]> {
  const rows = await db.query<
    Omit<Section, 'headingPath'> & { heading_path: string; coverage: number; rank: number; known: number }
  >(
    `with words as (
       select array(select unnest(tsvector_to_array(to_tsvector('english', $2)))) as lexemes
     ), q as (
       select lexemes,
              to_tsquery('english', array_to_string(array(select quote_literal(l) from unnest(lexemes) l), ' | ')) as query,
              (select count(*) from unnest(lexemes) l
                where exists (select 1 from kb_sections k where k.widget_id = $1 and k.search @@ to_tsquery('english', quote_literal(l)))
              )::float / cardinality(lexemes) as known
       from words where cardinality(lexemes) > 0
     )
     select page_id as "pageId", page_title as "pageTitle", page_url as "pageUrl", heading, heading_path, body,
            (select count(*) from unnest(q.lexemes) l where search @@ to_tsquery('english', quote_literal(l)))::float
              / cardinality(q.lexemes) as coverage,
            ts_rank_cd(search, q.query, 32) as rank,
            q.known
     from kb_sections, q
     where widget_id = $1 and search @@ q.query
     order by rank desc, coverage desc
     limit $3`,
    [widgetId, question, limit],
  );
  return rows.map(({ coverage, rank, known, heading_path, ...section }) => ({
    ...section,
    headingPath: heading_path.split(' › '),
    score: (known * (coverage + rank)) / 2,
  }));
}
