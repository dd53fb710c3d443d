import type { Citation } from './answer.js';
import { excerpt } from './compose.js';
import { extract } from './extract.js';
import type { Hit } from './retrieval.js';

/** What the model is told to answer, alone, when the passages do not hold the answer. */
export const NOT_IN_DOCS = 'NOT_IN_DOCS';

/** Whether the model's answer says the passages do not answer the question. */
export const saysNotInDocs = (text: string) => text.trim().replace(/[.\s]+$/, '') === NOT_IN_DOCS;

/**
 * The model's answer with only citations of passages it was given: `[n]` markers beyond them
 * (invented) are removed, the others renumbered in the order the answer first cites them, and the
 * citations are those passages. An answer citing nothing cites the best passage.
 */
export function groundCitations(
  text: string,
  passages: Hit[],
  question: string,
): { answer: string; citations: Citation[] } {
  const order: number[] = [];
  for (const [, n] of text.matchAll(/\[(\d+)\]/g)) {
    const index = Number(n) - 1;
    if (index >= 0 && index < passages.length && !order.includes(index)) order.push(index);
  }
  const answer = text
    .replace(/\s?\[(\d+)\]/g, (marker, n: string) => {
      const at = order.indexOf(Number(n) - 1);
      return at < 0 ? '' : marker.replace(n, String(at + 1));
    })
    .trim();
  const cited = (order.length ? order : [0]).map((i) => passages[i]!);
  return {
    answer,
    citations: cited.map((h) => ({
      pageId: h.pageId,
      pageTitle: h.heading === h.pageTitle ? h.pageTitle : `${h.pageTitle} — ${h.heading}`,
      pageUrl: h.pageUrl,
      excerpt: excerpt(extract(h.sectionBody, question), 200),
    })),
  };
}

/**
 * Hands streamed text on, except while it could still be the start of NOT_IN_DOCS: a declining
 * model's sentinel never reaches the visitor. `flush` hands on what was held once the text ends
 * (unless it was the sentinel).
 */
export function sentinelGate(onText?: (text: string) => void) {
  let held = '';
  let open = false;
  return {
    push(piece: string) {
      if (open) return onText?.(piece);
      held += piece;
      const start = held.trimStart();
      if (NOT_IN_DOCS.startsWith(start) || start.startsWith(NOT_IN_DOCS)) return;
      open = true;
      onText?.(held);
    },
    flush() {
      if (!open && held && !saysNotInDocs(held)) onText?.(held);
      open = true;
    },
  };
}
