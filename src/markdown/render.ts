import { html, nothing } from 'lit';
import { markdown } from 'very-small-parser';

// Message text -> Lit templates (DESIGN.md, Security by construction). The text is tokenized by a
// markdown parser into a syntax tree, and only the node types below become elements; everything
// else is shown as text, which Lit escapes. No string of HTML is ever built, so nothing a bot, an
// agent or a visitor writes can reach innerHTML. Raw HTML inside the markdown is shown as text.

/** What a node of the syntax tree looks like to us; the parser's own types are wider. */
interface Node {
  type: string;
  value?: string;
  children?: Node[];
  url?: string;
  alt?: string;
  depth?: number;
  ordered?: boolean;
  start?: number | null;
  tagName?: string;
  properties?: Record<string, unknown>;
}

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

function link(href: string | undefined, content: unknown, options: RenderOptions): unknown {
  if (!href) return content;
  return html`<a href=${href} target="_blank" rel="noopener noreferrer nofollow ugc"
    >${content}<span class="visually-hidden"> ${options.newTabHint}</span></a
  >`;
}

/** Raw HTML the parser recognised, printed back as the text it was. */
function rawHtml(node: Node, options: RenderOptions): unknown {
  const attributes = Object.entries(node.properties ?? {})
    .map(([name, value]) => (value === '' || value === true ? ` ${name}` : ` ${name}="${String(value)}"`))
    .join('');
  const open = `<${node.tagName ?? ''}${attributes}>`;
  return node.children?.length ? [open, children(node, options), `</${node.tagName ?? ''}>`] : open;
}

function children(node: Node, options: RenderOptions): unknown[] {
  return (node.children ?? []).map((child) => renderNode(child, options));
}

function renderNode(node: Node, options: RenderOptions): unknown {
  const inner = () => children(node, options);
  switch (node.type) {
    case 'root':
      return inner();
    case 'paragraph':
      return html`<p>${inner()}</p>`;
    case 'heading':
      // Headings inside a chat bubble would break the page's outline: bold text instead.
      return html`<p><strong>${inner()}</strong></p>`;
    case 'text':
      return node.value ?? '';
    case 'strong':
      return html`<strong>${inner()}</strong>`;
    case 'emphasis':
      return html`<em>${inner()}</em>`;
    case 'delete':
      return html`<del>${inner()}</del>`;
    case 'inlineCode':
      return html`<code>${node.value ?? ''}</code>`;
    case 'code':
      return html`<pre><code>${node.value ?? ''}</code></pre>`;
    case 'blockquote':
      return html`<blockquote>${inner()}</blockquote>`;
    case 'list':
      return node.ordered
        ? html`<ol start=${node.start && node.start !== 1 ? node.start : nothing}>
            ${inner()}
          </ol>`
        : html`<ul>
            ${inner()}
          </ul>`;
    case 'listItem':
      return html`<li>${inner()}</li>`;
    case 'thematicBreak':
      return html`<hr />`;
    case 'break':
      return html`<br />`;
    case 'table':
      return html`<table>
        <tbody>
          ${inner()}
        </tbody>
      </table>`;
    case 'tableRow':
      return html`<tr>
        ${inner()}
      </tr>`;
    case 'tableCell':
      return html`<td>${inner()}</td>`;
    case 'link':
      return link(safeUrl(node.url), inner(), options);
    case 'inlineLink':
      return link(safeUrl(node.value), node.value ?? '', options);
    case 'image':
      // Remote images are a way to leak what the visitor reads: shown as a link to the image.
      return link(safeUrl(node.url), node.alt || node.url || '', options);
    case 'element':
      return rawHtml(node, options);
    default:
      return node.children ? inner() : (node.value ?? '');
  }
}

/** Renders markdown `text` as Lit templates made only of `ALLOWED_ELEMENTS`. */
export function renderMarkdown(text: string, options: RenderOptions): unknown {
  return renderNode(markdown.block.parsef(text) as Node, options);
}
