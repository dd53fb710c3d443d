import type { Database } from '../db/database.js';
import { previousQuestion } from '../db/messages.js';
import type { WidgetRow } from '../db/widgets.js';
import type { Answer } from './answer.js';
import type { Answerer } from './answerer.js';
import { search, type Hit } from './retrieval.js';

const best = (hits: Hit[]) => hits[0]?.score ?? 0;

/**
 * The sections to answer `question` from, asked in `conversationId`. A follow-up that finds too
 * little alone ("which values does it take?") is searched together with the question before it,
 * and the better of the two searches wins.
 */
export async function retrieveFor(
  db: Database,
  widget: WidgetRow,
  conversationId: string,
  question: string,
): Promise<Hit[]> {
  const hits = await search(db, widget.id, question);
  if (best(hits) >= widget.refusal_threshold) return hits;
  const previous = await previousQuestion(db, conversationId, question);
  if (!previous) return hits;
  const withContext = await search(db, widget.id, `${previous} ${question}`);
  return best(withContext) > best(hits) ? withContext : hits;
}

/** Answers `question` asked in `conversationId` from the widget's knowledge base. */
export async function answerQuestion(
  db: Database,
  answerer: Answerer,
  widget: WidgetRow,
  conversationId: string,
  question: string,
  onText?: (text: string) => void,
): Promise<Answer> {
  const hits = await retrieveFor(db, widget, conversationId, question);
  return answerer(question, hits, widget.refusal_threshold, onText);
}
