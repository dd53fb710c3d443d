import { randomUUID } from 'node:crypto';
import type { Answer } from '../answering/answer.js';
import { retrieveFor } from '../answering/answer-question.js';
import type { Answering } from '../answering/answerer.js';
import { createConversation } from '../db/conversations.js';
import type { Database } from '../db/database.js';
import { storeVisitorMessage } from '../db/messages.js';
import type { WidgetRow } from '../db/widgets.js';
import type { EvalQuestion } from './question-set.js';

/** What the bot did with one question of a set. */
export interface Outcome {
  question: EvalQuestion;
  answer: Answer;
  /** The sections its citations point at, in order. */
  cited: { pageId: string; heading: string }[];
  /** Retrieval and answering, as a visitor waits for them. */
  latencyMs: number;
  /** The pages retrieval found, best first, one each: what ranking alone would cite, refusal aside. */
  ranked: string[];
}

/** Thrown to roll back what asking one question stored. */
class Asked extends Error {
  constructor(readonly outcome: Outcome) {
    super('asked');
  }
}

/**
 * Asks every question of a set as a visitor would, each in a conversation of its own (a
 * follow-up's earlier questions first), and leaves nothing behind: each question's
 * conversation is rolled back once it is answered.
 */
export async function askAll(
  db: Database,
  widget: WidgetRow,
  answering: Answering,
  questions: EvalQuestion[],
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const question of questions) {
    try {
      await db.transaction(async (tx) => {
        throw new Asked(await ask(tx, widget, answering, question));
      });
    } catch (error) {
      if (!(error instanceof Asked)) throw error;
      outcomes.push(error.outcome);
    }
  }
  return outcomes;
}

async function ask(
  db: Database,
  widget: WidgetRow,
  { answerer, nearest }: Answering,
  question: EvalQuestion,
): Promise<Outcome> {
  const conversation = await createConversation(db, widget.id, `eval-${randomUUID()}`);
  const asked = question.kind === 'follow-up' ? [...question.context, question.question] : [question.question];
  for (const text of asked) await storeVisitorMessage(db, conversation.id, randomUUID(), text);
  const started = performance.now();
  const hits = await retrieveFor(db, widget, conversation.id, question.question, nearest);
  const answer = await answerer(question.question, hits, widget.refusal_threshold);
  const latencyMs = performance.now() - started;
  const cited = answer.citations.map((citation) => {
    const hit = hits.find((h) => h.pageUrl === citation.pageUrl);
    return { pageId: citation.pageId, heading: hit?.heading ?? '' };
  });
  return { question, answer, cited, latencyMs, ranked: [...new Set(hits.map((h) => h.pageId))] };
}
