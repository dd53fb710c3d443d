import { html, nothing } from 'lit';
import { Lexer, type Token, type Tokens } from 'marked';

// Message text -> Lit templates (DESIGN.md, Security by construction). marked's lexer turns the
// text into tokens, and only the token types below become elements; everything else is shown as
// text, which Lit escapes. No string of HTML is ever built, so nothing a bot, an agent or a visitor
// writes can reach innerHTML. Raw HTML inside the markdown is shown as the text it is.
// marked is used for its lexer only: it touches no DOM, so it also works where a page enforces
// Trusted Types (a parser that decodes entities through innerHTML does not).

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

// marked leaves named character references in text as written (numeric ones it decodes): the
// ones people and models actually write, decoded here without a DOM.
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

function all(tokens: Token[] | undefined, options: RenderOptions): unknown[] {
  return (tokens ?? []).map((token) => render(token, options));
}

function row(cells: Tokens.TableCell[], options: RenderOptions) {
  return html`<tr>
    ${cells.map((cell) => html`<td>${all(cell.tokens, options)}</td>`)}
  </tr>`;
}

function render(token: Token, options: RenderOptions): unknown {
  const t = token as Tokens.Generic;
  const inner = () => all(t.tokens, options);
  switch (token.type) {
    case 'space':
    case 'def':
      return nothing;
    case 'paragraph':
      return html`<p>${inner()}</p>`;
    case 'heading':
      // Headings inside a chat bubble would break the page's outline: bold text instead.
      return html`<p><strong>${inner()}</strong></p>`;
    case 'text':
      return t.tokens ? inner() : decode(t.text ?? '');
    case 'escape':
      return decode(t.text ?? '');
    case 'strong':
      return html`<strong>${inner()}</strong>`;
    case 'em':
      return html`<em>${inner()}</em>`;
    case 'del':
      return html`<del>${inner()}</del>`;
    case 'codespan':
      return html`<code>${t.text ?? ''}</code>`;
    case 'code':
      return html`<pre><code>${t.text ?? ''}</code></pre>`;
    case 'blockquote':
      return html`<blockquote>${inner()}</blockquote>`;
    case 'list': {
      const list = token as Tokens.List;
      const items = list.items.map((item) => html`<li>${all(item.tokens, options)}</li>`);
      const start = typeof list.start === 'number' && list.start !== 1 ? list.start : nothing;
      return list.ordered
        ? html`<ol start=${start}>
            ${items}
          </ol>`
        : html`<ul>
            ${items}
          </ul>`;
    }
    case 'checkbox':
      return (token as Tokens.Checkbox).checked ? '☑ ' : '☐ ';
    case 'hr':
      return html`<hr />`;
    case 'br':
      return html`<br />`;
    case 'table': {
      const table = token as Tokens.Table;
      return html`<table>
        <tbody>
          ${row(table.header, options)} ${table.rows.map((cells) => row(cells, options))}
        </tbody>
      </table>`;
    }
    case 'link':
      return link(safeUrl(t.href), inner(), options);
    case 'image':
      // Remote images are a way to leak what the visitor reads: shown as a link to the image.
      return link(safeUrl(t.href), t.text || t.href || '', options);
    case 'html':
      return t.raw ?? '';
    default:
      return t.tokens ? inner() : (t.raw ?? '');
  }
}

/** Renders markdown `text` as Lit templates made only of `ALLOWED_ELEMENTS`. */
export function renderMarkdown(text: string, options: RenderOptions): unknown {
  return all(new Lexer({ gfm: true, breaks: true }).lex(text), options);
}
