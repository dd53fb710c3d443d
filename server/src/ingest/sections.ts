import type { Section } from '../db/knowledge-base.js';

/** The anchor a heading gets when its page gives it none: lowercase words joined by dashes. */
export const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');

/** A page in reading order: headings that start sections, and the text blocks between them. */
export type Block = string | { heading: string; anchor: string };

/**
 * A page's sections: each heading starts one, running to the next; text before the first heading
 * belongs to the page title's section; a heading with no text under it makes none.
 */
export function sectionsOf(pageId: string, pageTitle: string, pageUrl: string, blocks: Block[]): Section[] {
  const sections: Section[] = [];
  let heading = pageTitle;
  let anchor = '';
  let body: string[] = [];
  const flush = () => {
    const text = body
      .filter((b) => b.trim())
      .join('\n\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    if (!text) return;
    const url = anchor ? `${pageUrl}#${anchor}` : pageUrl;
    // One URL, one section: text before the first heading, or two headings with the same anchor.
    const same = sections.find((s) => s.pageUrl === url);
    if (same) same.body += `\n\n${text}`;
    else sections.push({ pageId, pageTitle, pageUrl: url, heading, body: text });
  };

  for (const block of blocks) {
    if (typeof block === 'string') {
      body.push(block);
      continue;
    }
    flush();
    ({ heading, anchor } = block);
    body = [];
  }
  flush();
  return sections;
}
