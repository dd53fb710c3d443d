import { html, nothing } from 'lit';
import * as md from 'streaming-markdown';

// Message text -> Lit templates (docs/security.md). streaming-markdown turns
// the text into tokens, and only the token types below become elements; everything else is shown
// as text, which Lit escapes. No string of HTML is ever built, so nothing a bot, an agent or a
// visitor writes can reach innerHTML. Raw HTML inside the markdown is shown as the text it is.
// streaming-markdown was chosen for its size (3 KB against marked's 15 KB gzip, which kept the
// widget over its budget) and because it is made for answers that arrive in pieces: it touches no
// DOM (so it works where a page enforces Trusted Types) and hands us tokens through callbacks.

/** Elements an answer may contain: the security tests hold the rendered DOM to this list. */
export const ALLOWED_ELEMENTS = [
  'p',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'hr',
  'br',
  'a',
  'table',
  'tbody',
  'tr',
  'td',
  'span',
] as const;

const SAFE_PROTOCOLS = new Set(['https:', 'http:', 'mailto:']);

/** The absolute URL if it is http(s) or mailto, else `undefined`. Relative URLs resolve against the page. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url.trim(), globalThis.location?.href);
    return SAFE_PROTOCOLS.has(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

export interface RenderOptions {
  /** Read after a link's text by screen readers: links open in a new tab. */
  newTabHint: string;
}

// The parser leaves character references as written: the ones people and models actually write
// are decoded here, without a DOM.
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function link(href: string | undefined, content: unknown, options: RenderOptions): unknown {
  if (!href) return content;
  return html`<a href=${href} target="_blank" rel="noopener noreferrer nofollow ugc"
    >${content}<span class="visually-hidden"> ${options.newTabHint}</span></a
  >`;
}

/** A token with what was written inside it: a tree the renderer below walks. */
interface Node {
  type: md.Token;
  attrs: Partial<Record<md.Attr, string>>;
  children: (Node | string)[];
}

/** The tokens of `text`, as a tree. */
function parse(text: string): Node {
  const root: Node = { type: md.DOCUMENT, attrs: {}, children: [] };
  const open = [root];
  const parser = md.parser({
    data: open,
    add_token(stack: Node[], type: md.Token) {
      const node: Node = { type, attrs: {}, children: [] };
      stack.at(-1)!.children.push(node);
      stack.push(node);
    },
    end_token(stack: Node[]) {
      if (stack.length > 1) stack.pop();
    },
    add_text(stack: Node[], text: string) {
      const children = stack.at(-1)!.children;
      if (typeof children.at(-1) === 'string') children[children.length - 1] += text;
      else children.push(text);
    },
    set_attr(stack: Node[], attr: md.Attr, value: string) {
      stack.at(-1)!.attrs[attr] = value;
    },
  });
  md.parser_write(parser, text);
  md.parser_end(parser);
  return root;
}

const textOf = (node: Node): string => node.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');

function render(node: Node | string, options: RenderOptions): unknown {
  if (typeof node === 'string') return decode(node);
  const inner = () => node.children.map((child) => render(child, options));
  // A link is written `[text](url "title")`: the URL is up to the first space.
  const url = (attr: md.Attr) => safeUrl(node.attrs[attr]?.trim().split(/\s/)[0]);
  switch (node.type) {
    case md.PARAGRAPH:
      return html`<p>${inner()}</p>`;
    case md.HEADING_1:
    case md.HEADING_2:
    case md.HEADING_3:
    case md.HEADING_4:
    case md.HEADING_5:
    case md.HEADING_6:
      // Headings inside a chat bubble would break the page's outline: bold text instead.
      return html`<p><strong>${inner()}</strong></p>`;
    case md.STRONG_AST:
    case md.STRONG_UND:
      return html`<strong>${inner()}</strong>`;
    case md.ITALIC_AST:
    case md.ITALIC_UND:
      return html`<em>${inner()}</em>`;
    case md.STRIKE:
      return html`<del>${inner()}</del>`;
    case md.CODE_INLINE:
    case md.EQUATION_INLINE:
      return html`<code>${textOf(node)}</code>`;
    case md.CODE_BLOCK:
    case md.CODE_FENCE:
    case md.EQUATION_BLOCK:
      // Focusable: a long line scrolls sideways, and keyboard users must be able to scroll it too.
      return html`<pre tabindex="0"><code>${textOf(node)}</code></pre>`;
    case md.BLOCKQUOTE:
      return html`<blockquote>${inner()}</blockquote>`;
    case md.LIST_UNORDERED:
      return html`<ul>
        ${inner()}
      </ul>`;
    case md.LIST_ORDERED: {
      const start = node.attrs[md.START];
      return html`<ol start=${start && start !== '1' ? start : nothing}>
        ${inner()}
      </ol>`;
    }
    case md.LIST_ITEM:
      return html`<li>${inner()}</li>`;
    case md.CHECKBOX:
      return node.attrs[md.CHECKED] === undefined ? '☐' : '☑';
    case md.RULE:
      return html`<hr />`;
    case md.LINE_BREAK:
      return html`<br />`;
    case md.TABLE:
      return html`<table>
        <tbody>
          ${inner()}
        </tbody>
      </table>`;
    case md.TABLE_ROW:
      return html`<tr>
        ${inner()}
      </tr>`;
    case md.TABLE_CELL:
      return html`<td>${trimmed(node, options)}</td>`;
    case md.LINK:
      // Without a URL, the brackets were text: a citation marker like [1].
      return node.attrs[md.HREF] === undefined ? ['[', inner(), ']'] : link(url(md.HREF), inner(), options);
    case md.RAW_URL:
      return link(url(md.HREF), inner(), options);
    case md.IMAGE:
      // Remote images are a way to leak what the visitor reads: shown as a link to the image.
      return link(url(md.SRC), textOf(node) || node.attrs[md.SRC] || '', options);
    default:
      return inner();
  }
}

/** A table cell's content without the spaces around it (`| a |`). */
function trimmed(node: Node, options: RenderOptions): unknown {
  const children = [...node.children];
  if (typeof children[0] === 'string') children[0] = children[0].trimStart();
  const last = children.length - 1;
  if (typeof children[last] === 'string') children[last] = children[last].trimEnd();
  return children.map((child) => render(child, options));
}

/** Renders markdown `text` as Lit templates made only of `ALLOWED_ELEMENTS`. */
export function renderMarkdown(text: string, options: RenderOptions): unknown {
  return parse(text).children.map((node) => render(node, options));
}
