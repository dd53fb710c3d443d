import type { Answer } from './answer.js';
import type { Hit } from './retrieval.js';

export const REFUSAL =
  'I’m not sure I can answer that from our documentation, and I’d rather not guess. Would you like to talk to a person?';

/** The first sentences of `text`, up to about `max` characters. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let out = '';
  for (const sentence of flat.split(/(?<=[.!?])\s+/)) {
    if (out && out.length + sentence.length > max) break;
    out += (out ? ' ' : '') + sentence;
  }
  return out.length > max ? `${out.slice(0, max - 1).trimEnd()}…` : out;
}

/** Whole paragraphs (and code blocks) of `text` from the start, up to about `max` characters. */
export function passage(text: string, max: number): string {
  const blocks = text.split(/\n{2,}/).filter((b) => b.trim());
  let out = '';
  for (const block of blocks) {
    if (out && out.length + block.length > max) break;
    out += (out ? '\n\n' : '') + block;
  }
  return out.length > max * 2 ? excerpt(out, max) : out;
}

/**
 * The default answerer: needs no external service. It answers with the best-matching passage,
 * cites the pages it used, and lists the next-best pages as related articles. Below the widget's
 * threshold it refuses politely and offers a person.
 */
export function composeAnswer(hits: Hit[], threshold: number): Answer {
  const best = hits[0];
  const confidenceScore = Math.round((best?.score ?? 0) * 100) / 100;
  const pages = (list: Hit[]) => [...new Map(list.map((h) => [h.pageId, h])).values()];
  if (!best || confidenceScore < threshold) {
    return {
      answer: REFUSAL,
      citations: [],
      relatedArticles: pages(hits)
        .slice(0, 3)
        .map(({ pageId, pageTitle, pageUrl }) => ({ pageId, pageTitle, pageUrl })),
      confidenceScore,
      wasRefused: true,
    };
  }
  // A second passage from another page joins when it is nearly as good.
  const second = hits.find((h) => h.pageId !== best.pageId && h.score >= best.score * 0.85);
  const used = second ? [best, second] : [best];
  const parts = used.map((h, i) => `${passage(h.body, i === 0 ? 700 : 350)} [${i + 1}]`);
  const answer = parts.join('\n\n');
  return {
    answer,
    citations: used.map((h) => ({
      pageId: h.pageId,
      pageTitle: h.heading === h.pageTitle ? h.pageTitle : `${h.pageTitle} — ${h.heading}`,
      pageUrl: h.pageUrl,
      excerpt: excerpt(h.body, 200),
    })),
    relatedArticles: pages(hits.filter((h) => !used.includes(h) && !used.some((u) => u.pageId === h.pageId)))
      .slice(0, 3)
      .map(({ pageId, pageTitle, pageUrl }) => ({ pageId, pageTitle, pageUrl })),
    confidenceScore,
    wasRefused: false,
  };
}
