import type { Answer } from './answer.js';
import { composeAnswer } from './compose.js';
import type { Hit } from './retrieval.js';
import type { NearestSections } from './semantic.js';

/**
 * Answers a question from retrieved passages; never throws (a model falls back to the default).
 * `onText` receives the answer as it is written, when the answerer writes it piece by piece.
 */
export type Answerer = (
  question: string,
  hits: Hit[],
  threshold: number,
  onText?: (text: string) => void,
) => Promise<Answer>;

/** Needs no external service: composes the answer from the best passages. */
export const defaultAnswerer: Answerer = async (question, hits, threshold) => composeAnswer(hits, threshold, question);

/** How questions are answered: the answerer, and search by meaning to fuse with BM25 when embeddings are configured. */
export interface Answering {
  answerer: Answerer;
  nearest?: NearestSections;
}
