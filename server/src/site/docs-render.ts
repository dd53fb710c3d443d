// docs/*.md as HTML: what a citation of the demo bot opens. The headings get the anchors the
// knowledge base cites (readMarkdown, ingest/markdown.ts), so `page.md#anchor` lands on its
// section. Our docs are trusted, yet raw HTML in them is shown as text (a few inert inline tags
// such as <kbd> aside), and links keep only safe schemes.
import { Parser, Renderer, type Token, type Tokens } from 'marked';
import { readMarkdown, type MarkdownPage } from '../ingest/markdown.js';
import { plain } from '../ingest/plain.js';
import { escapeHtml } from './html-escape.js';

/** Inline tags that only style text: kept when they carry no attributes. Any other HTML is shown as text. */
const INERT_TAG = /^<\/?(?:kbd|br|sub|sup|b|i|em|strong|code|abbr|mark|s|del|ins|small)\s*\/?>$/i;

/** Relative URLs, and absolute ones with a scheme that cannot run script. */
const safeUrl = (href: string) => !/^[a-z][a-z0-9+.-]*:/i.test(href.trim()) || /^(?:https?|mailto):/i.test(href.trim());

export interface DocsPage {
  /** The page title: its first heading, else its path. */
  title: string;
  /** What the index says of the page: its first paragraph, as text, with the list it introduces. */
  summary: string;
  /** The page's level-2 headings and their ids: its table of contents. */
  contents: { id: string; text: string }[];
  /** The rendered body. */
  html: string;
}

/** Renders a docs page: headings with their anchors, raw HTML as text, only safe links. */
class DocsRenderer extends Renderer {
  readonly contents: DocsPage['contents'] = [];
  readonly #page: MarkdownPage;

  constructor(page: MarkdownPage) {
    super();
    this.#page = page;
  }

  // The ids the knowledge base's citations point at, which are GitHub's (the docs are read there too).
  override heading(token: Tokens.Heading): string {
    const id = escapeHtml(this.#page.ids.get(token) ?? '');
    if (token.depth === 2) this.contents.push({ id, text: this.#page.headingText(token) });
    return `<h${token.depth} id="${id}">${this.parser.parseInline(token.tokens)}</h${token.depth}>\n`;
  }

  override html(token: Tokens.HTML | Tokens.Tag): string {
    if (INERT_TAG.test(token.text.trim())) return token.text;
    return token.block ? `<p>${escapeHtml(token.text)}</p>\n` : escapeHtml(token.text);
  }

  override link(token: Tokens.Link): string {
    const text = this.parser.parseInline(token.tokens);
    if (!safeUrl(token.href)) return text;
    const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
    return `<a href="${escapeHtml(token.href)}"${title}>${text}</a>`;
  }

  override image(token: Tokens.Image): string {
    if (!safeUrl(token.href)) return escapeHtml(token.text);
    return `<img src="${escapeHtml(token.href)}" alt="${escapeHtml(token.text)}" loading="lazy">`;
  }

  // Wide tables and long code lines scroll sideways: a keyboard must be able to scroll them too.
  override table(token: Tokens.Table): string {
    return `<div class="scroll" tabindex="0">${super.table(token)}</div>\n`;
  }

  override code(token: Tokens.Code): string {
    const language = /^[\w-]+$/.test(token.lang ?? '') ? ` class="language-${token.lang}"` : '';
    return `<pre tabindex="0"><code${language}>${escapeHtml(token.text)}</code></pre>\n`;
  }
}

/**
 * A page's first paragraph as text, about 240 characters at most. A paragraph that ends with a
 * colon introduces a list ("ships as two Web Components:"): the list's items follow it.
 */
function summaryOf(tokens: Token[]): string {
  const blocks = tokens.filter((t) => t.type !== 'space');
  const at = blocks.findIndex((t) => t.type === 'paragraph');
  if (at < 0) return '';
  let text = plain((blocks[at] as Tokens.Paragraph).tokens);
  const next = blocks[at + 1];
  if (text.trimEnd().endsWith(':') && next?.type === 'list') {
    text += ` ${(next as Tokens.List).items.map((item) => plain(item.tokens).replace(/[.;:]\s*$/, '')).join('; ')}.`;
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length <= 240 ? text : `${text.slice(0, 240).replace(/\s+\S*$/, '')}…`;
}

/** Renders one Markdown page of the docs. */
export function renderDocsPage(path: string, markdown: string): DocsPage {
  const page = readMarkdown(markdown);
  const renderer = new DocsRenderer(page);
  const html = Parser.parse(page.tokens, { gfm: true, renderer });
  const first = page.tokens.find((t): t is Tokens.Heading => t.type === 'heading');
  return {
    title: page.meta.title ?? (first ? page.headingText(first) : path),
    summary: summaryOf(page.tokens),
    contents: renderer.contents,
    html,
  };
}
