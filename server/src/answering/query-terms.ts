import type { Database } from '../db/database.js';

/** A word of a question as the index knows it (stemmed, stop words gone), with how much it counts. */
export interface QueryTerm {
  lexeme: string;
  weight: number;
}

/**
 * What visitors ask with, whatever the subject: "how do I change / use / get / make …". Not stop
 * words (they can be the subject: "the change event"), but weak evidence of what is asked about,
 * so they count for a third. As the index stems them.
 */
const ASKING_WORDS = new Set(
  'add allow best chang creat do easi get give go help need make possibl properli put right set show tri use want way work'.split(
    ' ',
  ),
);
const ASKING_WEIGHT = 1 / 3;

/**
 * The most terms a question is searched by: a visitor's question has far fewer, and each term read
 * costs its postings, so a 4,000-character message of distinct words costs what a long question
 * does, not fifty times more (docs/security.md).
 */
export const MAX_QUERY_TERMS = 32;

/**
 * The terms of `text` in the order they are written, as PostgreSQL's English configuration makes
 * them for the index: "How do I reset passwords?" reads `reset`, `password`. The first
 * MAX_QUERY_TERMS of them.
 */
export async function queryTerms(db: Database, text: string, weight = 1): Promise<QueryTerm[]> {
  const rows = await db.query<{ lexeme: string }>(
    `select lexeme from unnest(to_tsvector('english', $1)) order by positions[1] limit $2`,
    [text, MAX_QUERY_TERMS],
  );
  return rows.map(({ lexeme }) => ({ lexeme, weight: ASKING_WORDS.has(lexeme) ? weight * ASKING_WEIGHT : weight }));
}

/**
 * A follow-up's terms with those of the question before it, which count for less: "and in the
 * options API?" after "how do I declare props" searches for props in the options API. A term
 * in both keeps its higher weight.
 */
export function withContext(terms: QueryTerm[], context: QueryTerm[], contextWeight = 0.5): QueryTerm[] {
  const merged = new Map(terms.map((t) => [t.lexeme, t]));
  for (const t of context) {
    if (!merged.has(t.lexeme)) merged.set(t.lexeme, { lexeme: t.lexeme, weight: t.weight * contextWeight });
  }
  return [...merged.values()];
}
