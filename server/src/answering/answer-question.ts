import type { Database } from '../db/database.js';
import { previousQuestion } from '../db/messages.js';
import type { WidgetRow } from '../db/widgets.js';
import type { Answer } from './answer.js';
import type { Answering } from './answerer.js';
import { fuse } from './fusion.js';
import { queryTerms, withContext, type QueryTerm } from './query-terms.js';
import { hitsOf, rank, type Hit } from './retrieval.js';
import type { NearestSections } from './semantic.js';

const best = (hits: Hit[]) => hits[0]?.confidence ?? 0;

/** A follow-up's own words answer it, not the context, when they find a section this surely. */
const SURE = 0.9;

/** Words that point back at what was said before: "can it fail instead?", "does it wrap them?". */
const POINTS_BACK = /\b(?:it|its|it's|them|they|that|those|these|this|there|one)\b/i;

/** Words that lean on what was said before: "and with the options API?", or any that point back. */
const LEANS_ON_CONTEXT = /^(?:and|or|but|so|also|ok(?:ay)?|then|what about|how about|what if)\b/i;

/**
 * Whether a question reads as a follow-up: it leans on what was asked before, or says too little
 * to be searched alone.
 */
export const readsAsFollowUp = (question: string, terms: QueryTerm[]) =>
  LEANS_ON_CONTEXT.test(question.trim()) || POINTS_BACK.test(question) || terms.length <= 2;

/**
 * The sections to answer `question` from, asked in `conversationId`, by their words. A question
 * that reads as a follow-up, or finds too little alone, is searched again with the terms of the
 * question before it added, counting for half. That search answers it, unless the question's own
 * words answer better and well enough: a follow-up may change the subject. Also says what was
 * searched for, in words: the question, or the question after the one before it.
 */
async function retrieveByWords(
  db: Database,
  widget: WidgetRow,
  conversationId: string,
  question: string,
  limit: number,
): Promise<{ hits: Hit[]; searched: string }> {
  const terms = await queryTerms(db, question);
  const hits = await rank(db, widget.id, terms, limit);
  const alone = { hits, searched: question };
  const followUp = readsAsFollowUp(question, terms);
  if (!followUp && best(hits) >= widget.refusal_threshold) return alone;
  const previous = await previousQuestion(db, conversationId, question);
  if (!previous) return alone;
  const rewritten = {
    hits: await rank(db, widget.id, withContext(terms, await queryTerms(db, previous)), limit),
    searched: `${previous}\n${question}`,
  };
  if (followUp) {
    // "Does it wrap them in a ul?" is about what was asked before, however well its own words
    // match something else.
    if (POINTS_BACK.test(question)) return rewritten;
    // "And what about the colours?" may change the subject: its own words win when they are sure
    // and the section the context points at does not hold them.
    const holdsItsWords = terms.every((t) => rewritten.hits[0]?.matched.includes(t.lexeme));
    return !holdsItsWords && best(hits) >= SURE && best(hits) > best(rewritten.hits) ? alone : rewritten;
  }
  return best(rewritten.hits) > best(hits) ? rewritten : alone;
}

/** How many hits an answer is written from; with embeddings, how many of BM25's are fused. */
const HITS = 5;
const FUSED = 20;

/**
 * The sections to answer `question` from, best first: by its words (and the question before it,
 * for a follow-up), fused with the sections nearest in meaning when embeddings are configured.
 */
export async function retrieveFor(
  db: Database,
  widget: WidgetRow,
  conversationId: string,
  question: string,
  nearest?: NearestSections,
): Promise<Hit[]> {
  if (!nearest) return (await retrieveByWords(db, widget, conversationId, question, HITS)).hits;
  const { hits, searched } = await retrieveByWords(db, widget, conversationId, question, FUSED);
  const byMeaning = await nearest(db, widget.id, searched);
  return (await fuse(hits, byMeaning, (ids) => hitsOf(db, widget.id, ids))).slice(0, HITS);
}

/** Answers `question` asked in `conversationId` from the widget's knowledge base. */
export async function answerQuestion(
  db: Database,
  { answerer, nearest }: Answering,
  widget: WidgetRow,
  conversationId: string,
  question: string,
  onText?: (text: string) => void,
): Promise<Answer> {
  const hits = await retrieveFor(db, widget, conversationId, question, nearest);
  return answerer(question, hits, widget.refusal_threshold, onText);
}
