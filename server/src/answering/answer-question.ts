import type { Database } from '../db/database.js';
import { previousQuestion } from '../db/messages.js';
import type { WidgetRow } from '../db/widgets.js';
import type { Answer } from './answer.js';
import type { Answerer } from './answerer.js';
import { search, type Hit } from './retrieval.js';

const best = (hits: Hit[]) => hits[0]?.score ?? 0;

/**
 * Answers `question` asked in `conversationId` from the widget's knowledge base. A follow-up that
 * finds too little alone ("which values does it take?") is searched together with the question
 * before it, and the better of the two searches is answered from.
 */
export async function answerQuestion(
  db: Database,
  answerer: Answerer,
  widget: WidgetRow,
  conversationId: string,
  question: string,
  onText?: (text: string) => void,
): Promise<Answer> {
  let hits = await search(db, widget.id, question);
  if (best(hits) < widget.refusal_threshold) {
    const previous = await previousQuestion(db, conversationId, question);
    if (previous) {
      const withContext = await search(db, widget.id, `${previous} ${question}`);
      if (best(withContext) > best(hits)) hits = withContext;
    }
  }
  return answerer(question, hits, widget.refusal_threshold, onText);
}
