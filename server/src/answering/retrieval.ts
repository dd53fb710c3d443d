import type { Database } from '../db/database.js';
import type { Section } from '../db/knowledge-base.js';
import { blocksOf } from './extract.js';
import { queryTerms, type QueryTerm } from './query-terms.js';

export interface Hit extends Section {
  /** The section's row: what tells two hits apart when two rankings are fused. */
  sectionId: string;
  /** The BM25F score, with the proximity bonus: how strongly the section matches, unbounded. */
  score: number;
  /**
   * How much of the question the section holds, 0..1: the weighted share of the question's terms
   * it contains, each counted by how rare it is in this knowledge base (a term the knowledge base
   * never uses counts as the rarest). "What is the capital of France" against docs about Vue
   * finds nothing with `capital` and `france` in it: little coverage, whatever the score.
   */
  coverage: number;
  /** 0..1: how likely this section answers the question; what an answer reports, and what the refusal threshold is compared with. */
  confidence: number;
  /** The question's terms the section holds, as the index writes them. */
  matched: string[];
  /** The whole section this hit is (a part of): what an answer quotes from. */
  sectionBody: string;
}

/** The parts of a long section as the section again: each part after the first repeats the block before it. */
function wholeSection(parts: string[]): string {
  const blocks: string[] = [];
  for (const part of parts) {
    const own = blocksOf(part);
    blocks.push(...(blocks.length && own[0] === blocks.at(-1) ? own.slice(1) : own));
  }
  return blocks.join('\n\n');
}

/**
 * BM25F's settings (docs/server.md, "Ranking"). A field's weight scales a term found in it; `b`
 * how much a long field dilutes it. The heading path names the section; the page title names every
 * section of its page, so it counts for less and is hardly normalised.
 */
export const RANKING = {
  k1: 1.2,
  fields: { title: { weight: 1.5, b: 0.3 }, path: { weight: 3, b: 0.5 }, body: { weight: 1, b: 0.75 } },
  /** Bonus for two terms of the question found close together, in the order asked. */
  proximity: 0.3,

  /** How many of the best sections by BM25F are considered for the proximity bonus. */
  candidates: 40,
};

/** What a hit reads of its section. */
const SECTION_COLUMNS = `s.id::text as "sectionId", s.page_id as "pageId", s.page_title as "pageTitle",
  s.page_url as "pageUrl", s.heading, s.heading_path, s.body,
  -- A long section is indexed in parts; an answer quotes from the whole of it.
  (select array_agg(k.body order by k.ordinal) from kb_sections k
   where k.widget_id = s.widget_id and k.page_id = s.page_id and k.page_url = s.page_url) as parts`;

type SectionRow = Omit<Section, 'headingPath'> & { sectionId: string; heading_path: string; parts: string[] };

const sectionOf = ({ heading_path, parts, ...section }: SectionRow) => ({
  ...section,
  headingPath: heading_path.split(' › '),
  sectionBody: wholeSection(parts),
});

/** A row of the ranking query. */
type Row = SectionRow & {
  score: number;
  coverage: number | null;
  term_share: number;
  unknown: number | null;
  matched_lexemes: string[];
};

/**
 * The sections that best match `terms`, best first: BM25F over the page title, the heading path
 * and the body, computed in PostgreSQL from the term index (db/term-index.ts), plus a bonus for
 * terms found next to each other. Only the postings of the question's terms are read, through
 * the index, so the cost follows how common the terms are, not how large the knowledge base is.
 */
export async function rank(db: Database, widgetId: string, terms: QueryTerm[], limit = 5): Promise<Hit[]> {
  if (terms.length === 0) return [];
  const { k1, fields, proximity, candidates } = RANKING;
  const rows = await db.query<Row>(
    `with q as (
       select lexeme, weight, ord from unnest($2::text[], $3::real[]) with ordinality as q(lexeme, weight, ord)
     ), st as (
       select sections::float8 as n, greatest(avg_title, 1) as avg_title, greatest(avg_path, 1) as avg_path,
              greatest(avg_body, 1) as avg_body
       from kb_stats where widget_id = $1
     ), p as (
       select t.section_id, t.lexeme, t.title_tf, t.path_tf, t.body_tf, t.title_length, t.path_length, t.body_length
       from kb_terms t where t.widget_id = $1 and t.lexeme = any($2::text[])
     ), df as (
       select lexeme, count(*)::float8 as df from p group by lexeme
     ), terms as (
       select q.lexeme, q.weight, q.ord, coalesce(df.df, 0) as df,
              ln(1 + (st.n - coalesce(df.df, 0) + 0.5) / (coalesce(df.df, 0) + 0.5)) as idf
       from q cross join st left join df using (lexeme)
     ), pairs as (
       select a.lexeme as a, b.lexeme as b, least(a.idf, b.idf) * least(a.weight, b.weight) as weight
       from terms a join terms b on b.ord = a.ord + 1 where a.df > 0 and b.df > 0
     ), scored as (
       select p.section_id,
              sum(t.weight * t.idf * w.tf / ($4::float8 + w.tf)) as bm25,
              sum(t.weight * t.idf) as matched,
              count(*) as matched_terms,
              array_agg(p.lexeme) as matched_lexemes
       from p join terms t using (lexeme) cross join st
       cross join lateral (select
           $5::float8 * p.title_tf / (1 - $6::float8 + $6::float8 * p.title_length / st.avg_title)
         + $7::float8 * p.path_tf / (1 - $8::float8 + $8::float8 * p.path_length / st.avg_path)
         + $9::float8 * p.body_tf / (1 - $10::float8 + $10::float8 * p.body_length / st.avg_body) as tf) w
       group by p.section_id
       order by bm25 desc
       limit $11::int
     )
     select ${SECTION_COLUMNS},
            sc.bm25 + $12::float8 * coalesce((
              select sum(pr.weight) from pairs pr
              where s.search @@ format('(%1$L <1> %2$L) | (%1$L <2> %2$L) | (%1$L <3> %2$L)', pr.a, pr.b)::tsquery
            ), 0) as score,
            sc.matched / nullif((select sum(weight * idf) from terms), 0) as coverage,
            sc.matched_terms::float8 / (select count(*) from terms) as term_share,
            sc.matched_lexemes,
            (select coalesce(sum(weight * idf), 0) from terms where df = 0)
              / nullif((select sum(weight * idf) from terms), 0) as unknown
     from scored sc join kb_sections s on s.id = sc.section_id
     order by score desc, s.id
     limit $13::int`,
    [
      widgetId,
      terms.map((t) => t.lexeme),
      terms.map((t) => t.weight),
      k1,
      fields.title.weight,
      fields.title.b,
      fields.path.weight,
      fields.path.b,
      fields.body.weight,
      fields.body.b,
      candidates,
      proximity,
      limit,
    ],
  );
  return rows.map(({ score, coverage, term_share, unknown, matched_lexemes, ...section }) => {
    const signals = { coverage: Number(coverage ?? 0), termShare: Number(term_share), unknown: Number(unknown ?? 0) };
    return {
      ...sectionOf(section),
      score: Number(score),
      coverage: signals.coverage,
      confidence: confidence(signals),
      matched: matched_lexemes,
    };
  });
}

/** The widget's sections `ids` as hits that matched no words: what search by meaning found alone. */
export async function hitsOf(db: Database, widgetId: string, ids: string[]): Promise<Hit[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<SectionRow>(
    `select ${SECTION_COLUMNS} from kb_sections s where s.widget_id = $1 and s.id = any($2::bigint[])`,
    [widgetId, ids],
  );
  return rows.map((row) => ({ ...sectionOf(row), score: 0, coverage: 0, confidence: 0, matched: [] }));
}

/**
 * How likely a section answers the question, 0..1 (docs/server.md, "The confidence score"): a
 * logistic model of three signals, fitted on question sets over three docs (ours, Vue's, Hugo's;
 * bench/answers), each set checked with the model fitted on the other two: the section's
 * coverage of the question (rare terms count more), the share of the question's terms it holds,
 * and the share of the question the knowledge base never mentions at all. At 0.5 it answers about
 * four in five of the questions the docs answer and declines three in four of those they do not.
 */
export function confidence({ coverage, termShare, unknown }: { coverage: number; termShare: number; unknown: number }) {
  const z = 4.06 * coverage + 1.74 * termShare - 2.68 * unknown - 2.32;
  return 1 / (1 + Math.exp(-z));
}

/** The sections that best match `question`, best first (see `rank`). */
export async function search(db: Database, widgetId: string, question: string, limit = 5): Promise<Hit[]> {
  return rank(db, widgetId, await queryTerms(db, question), limit);
}
