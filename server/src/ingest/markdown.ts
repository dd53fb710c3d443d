import { Lexer, type Token, type Tokens } from 'marked';
import type { Section } from '../db/knowledge-base.js';
import { explicitAnchor, pageSlugger } from './anchors.js';
import { withoutDocToolMarkup } from './doc-tool-markup.js';
import { splitFrontMatter, type PageMeta } from './front-matter.js';
import { plain } from './plain.js';
import { sectionsOf, type Block } from './sections.js';

/** A Markdown page read for the knowledge base and for rendering. */
export interface MarkdownPage {
  meta: PageMeta;
  tokens: Token[];
  /** Each heading's id on the page, as the docs site gives it: what a citation's anchor is. */
  ids: Map<Tokens.Heading, string>;
  /** The heading that is the page's title: its first, when that is an h1. Its section is the page itself. */
  title?: Tokens.Heading;
  /** A heading's text as a reader sees it: no Markdown, no explicit `{#id}`. */
  headingText(heading: Tokens.Heading): string;
}

/** Reads a Markdown page: front matter apart, CommonMark + GFM tokens, and its headings' anchors. */
export function readMarkdown(source: string, { forIndex = false } = {}): MarkdownPage {
  const { meta, body } = splitFrontMatter(source);
  const tokens = new Lexer({ gfm: true }).lex(forIndex ? withoutDocToolMarkup(body) : body);
  const headings = tokens.filter((t): t is Tokens.Heading => t.type === 'heading');
  const slug = pageSlugger();
  const ids = new Map(headings.map((heading) => [heading, slug(plain(heading.tokens))]));
  const title = headings[0]?.depth === 1 ? headings[0] : undefined;
  const headingText = (heading: Tokens.Heading) => explicitAnchor(plain(heading.tokens).replace(/\s+/g, ' ')).text;
  return { meta, tokens, ids, title, headingText };
}

/**
 * Splits a Markdown page into sections at its headings (every level), so a citation points at the
 * right part. The title is the front matter's, else the first h1, else the file name; the front
 * matter's description opens the page's first section.
 */
export function sectionsOfMarkdown(path: string, source: string, baseUrl: string): Section[] {
  const page = readMarkdown(source, { forIndex: true });
  const pageTitle = page.meta.title ?? (page.title ? page.headingText(page.title) : path.replace(/\.[^.]+$/, ''));
  const blocks: Block[] = page.meta.description ? [page.meta.description] : [];
  for (const token of page.tokens) {
    if (token.type !== 'heading') {
      blocks.push(plain([token]));
      continue;
    }
    const heading = token as Tokens.Heading;
    const anchor = heading === page.title ? '' : page.ids.get(heading)!;
    blocks.push({ depth: heading.depth, heading: page.headingText(heading), anchor });
  }
  return sectionsOf({ pageId: path, pageTitle, pageUrl: baseUrl + path, blocks });
}
