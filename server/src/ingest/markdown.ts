import { Lexer, type Token, type Tokens } from 'marked';
import type { Section } from '../db/knowledge-base.js';
import { plain } from './plain.js';
import { sectionsOf, slug, type Block } from './sections.js';

/**
 * A Markdown page's tokens, and the anchor a citation gives each heading that starts a section
 * (the top-level headings of levels 1-3): '' for the first one, the page title, whose section is
 * the page itself. Whatever renders the page gives its headings these ids, so citations land.
 */
export function markdownAnchors(text: string): { tokens: Token[]; anchors: Map<Tokens.Heading, string> } {
  const tokens = new Lexer({ gfm: true }).lex(text);
  const headings = tokens.filter((t): t is Tokens.Heading => t.type === 'heading');
  const anchors = new Map<Tokens.Heading, string>();
  for (const heading of headings) {
    if (heading.depth <= 3) anchors.set(heading, heading === headings[0] ? '' : slug(heading.text));
  }
  return { tokens, anchors };
}
/**
 * Splits a Markdown page at its headings (levels 1-3), so a citation points at the right part.
 * The page title is its first heading, else the file name.
 */
export function sectionsOfMarkdown(path: string, text: string, baseUrl: string): Section[] {
  const { tokens, anchors } = markdownAnchors(text);
  const firstHeading = tokens.find((t): t is Tokens.Heading => t.type === 'heading');
  // Titles as text: a citation shows `<opencx-trigger>` as <opencx-trigger>, not with its backticks.
  const pageTitle = firstHeading ? plain(firstHeading.tokens) : path.replace(/\.[^.]+$/, '');
  const blocks = tokens.map((token): Block => {
    const anchor = anchors.get(token as Tokens.Heading);
    return anchor === undefined ? plain([token]) : { heading: plain((token as Tokens.Heading).tokens), anchor };
  });
  return sectionsOf(path, pageTitle, baseUrl + path, blocks);
}
