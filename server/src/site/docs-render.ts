// docs/*.md as HTML: what a citation of the demo bot opens. The headings get the anchors the
// knowledge base cites (markdownAnchors, ingest/markdown.ts), so `page.md#anchor` lands on its
// section. Our docs are trusted, yet raw HTML in them is shown as text (a few inert inline tags
// such as <kbd> aside), and links keep only safe schemes.
import { Parser, Renderer, type Token, type Tokens } from 'marked';
import { markdownAnchors } from '../ingest/markdown.js';
import { plain } from '../ingest/plain.js';
import { escapeHtml } from './html-escape.js';

/** Inline tags that only style text: kept when they carry no attributes. Any other HTML is shown as text. */
const INERT_TAG = /^<\/?(?:kbd|br|sub|sup|b|i|em|strong|code|abbr|mark|s|del|ins|small)\s*\/?>$/i;

/** Relative URLs, and absolute ones with a scheme that cannot run script. */
const safeUrl = (href: string) => !/^[a-z][a-z0-9+.-]*:/i.test(href.trim()) || /^(?:https?|mailto):/i.test(href.trim());

/**
 * The anchor GitHub gives a heading: the docs link to one another with these (they are read on
 * GitHub too), and where it differs from the knowledge base's, the heading carries both.
 */
const githubAnchor = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');

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
  readonly #anchors: Map<Tokens.Heading, string>;
  readonly #used = new Set<string>();

  constructor(anchors: Map<Tokens.Heading, string>) {
    super();
    this.#anchors = anchors;
  }

  /** `wanted` if no element of the page has it yet. */
  #claim(wanted: string | undefined): string | undefined {
    if (!wanted || this.#used.has(wanted)) return undefined;
    this.#used.add(wanted);
    return wanted;
  }

  override heading(token: Tokens.Heading): string {
    // The knowledge base's anchor first: that is what citations point at.
    const cited = this.#claim(this.#anchors.get(token));
    const github = this.#claim(githubAnchor(plain(token.tokens)));
    const id = cited ?? github;
    const alias = cited && github ? `<span id="${escapeHtml(github)}"></span>` : '';
    if (id && token.depth === 2) this.contents.push({ id, text: plain(token.tokens) });
    const inner = this.parser.parseInline(token.tokens);
    return `<h${token.depth}${id ? ` id="${escapeHtml(id)}"` : ''}>${alias}${inner}</h${token.depth}>\n`;
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
  const { tokens, anchors } = markdownAnchors(markdown);
  const renderer = new DocsRenderer(anchors);
  const html = Parser.parse(tokens, { gfm: true, renderer });
  const first = tokens.find((t): t is Tokens.Heading => t.type === 'heading');
  return {
    title: first ? plain(first.tokens) : path,
    summary: summaryOf(tokens),
    contents: renderer.contents,
    html,
  };
}
