import type { Answer, Citation } from './answer.js';
import { extract } from './extract.js';
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

/** Another page's section is cited too when it scores at least this share of the best one's. */
const ALSO_CITED = 0.6;
/** At most this many citations, one a page. */
const MAX_CITATIONS = 3;

/**
 * Text from the docs (plain: ingesting dropped its Markdown) put into the Markdown answer: its
 * `_`, `*`, backticks and brackets shown as they are, never read as emphasis, code or links
 * (`OPENAI_EMBEDDING_MODEL` is not "OPENAI*EMBEDDING*MODEL"). Code blocks stay as they are.
 */
function literal(text: string): string {
  let fenced = false;
  return text
    .split('\n')
    .map((line) => {
      if (line.startsWith('```')) fenced = !fenced;
      return fenced || line.startsWith('```') ? line : line.replace(/[\\`*_[\]]/g, '\\$&');
    })
    .join('\n');
}

/** Where a section is, as a reader would say it: `Page › Heading`. */
const placeOf = (hit: Hit) =>
  literal(hit.heading === hit.pageTitle ? hit.pageTitle : `${hit.pageTitle} › ${hit.heading}`);

const citationOf = (hit: Hit, quoted: string): Citation => ({
  pageId: hit.pageId,
  pageTitle: hit.heading === hit.pageTitle ? hit.pageTitle : `${hit.pageTitle} — ${hit.heading}`,
  pageUrl: hit.pageUrl,
  excerpt: excerpt(quoted, 200),
});

/** One hit a page, in order. */
const onePerPage = (hits: Hit[]) => [...new Map(hits.map((h) => [h.pageId, h])).values()];

/**
 * The default answerer: needs no external service. It answers with the sentences (or the code
 * block) of the best section that answer the question, naming the page and heading it comes from,
 * and points at up to two more pages whose sections score nearly as well; the next pages are
 * related articles. Below the widget's threshold it declines politely and offers a person.
 */
export function composeAnswer(hits: Hit[], threshold: number, question = ''): Answer {
  const best = hits[0];
  const confidenceScore = Math.round((best?.confidence ?? 0) * 100) / 100;
  const related = (list: Hit[]) =>
    onePerPage(list)
      .slice(0, 3)
      .map(({ pageId, pageTitle, pageUrl }) => ({ pageId, pageTitle, pageUrl }));
  if (!best || confidenceScore < threshold) {
    return { answer: REFUSAL, citations: [], relatedArticles: related(hits), confidenceScore, wasRefused: true };
  }
  const also = onePerPage(hits.filter((h) => h.pageId !== best.pageId && h.score >= best.score * ALSO_CITED)).slice(
    0,
    MAX_CITATIONS - 1,
  );
  const quoted = extract(best.sectionBody, question);
  const seeAlso = also.map((h, i) => `**${placeOf(h)}** [${i + 2}]`).join(', ');
  // After a code block the marker goes on a line of its own: on the fence's line it would reopen it.
  const marked = `${literal(quoted)}${quoted.endsWith('```') ? '\n\n' : ' '}[1]`;
  const answer = [`From **${placeOf(best)}**:`, marked, ...(seeAlso ? [`See also ${seeAlso}.`] : [])].join('\n\n');
  const cited = [best, ...also];
  return {
    answer,
    citations: [citationOf(best, quoted), ...also.map((h) => citationOf(h, extract(h.sectionBody, question)))],
    relatedArticles: related(hits.filter((h) => !cited.some((c) => c.pageId === h.pageId))),
    confidenceScore,
    wasRefused: false,
  };
}
