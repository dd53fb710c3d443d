import { Element, type AnyNode, type Text } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Section } from '../db/knowledge-base.js';
import { pageSlugger } from './anchors.js';
import { sectionsOf, type Block } from './sections.js';

/** Never content: scripts, styles, and the site's chrome around a page's text. */
const SKIPPED = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'nav',
  'footer',
  'aside',
  'form',
  'button',
  'select',
]);
/** Elements that end a line of text: what is inside is a block of its own. */
const BLOCK_ELEMENTS = new Set(
  'address article blockquote dd details dialog div dl dt fieldset figcaption figure header hr li main ol p pre section summary table tbody thead tfoot tr ul'.split(
    ' ',
  ),
);

const textOf = (node: AnyNode): string => DomUtils.textContent(node).replace(/\s+/g, ' ').trim();

/**
 * Splits an HTML page at its headings (h1-h6), like Markdown. The page title is its first h1,
 * else its <title>, else the file name. Only the page's own content is read: its <main> (or
 * <article>) when it has one, without navigation, footers, asides, forms, scripts or styles, nor
 * anything hidden. A heading's anchor is its id when it has one, else GitHub's slug of its text.
 */
export function sectionsOfHtml(path: string, html: string, baseUrl: string): Section[] {
  const document = parseDocument(html);
  const find = (test: (e: Element) => boolean) => DomUtils.findOne(test, document.children, true);
  const root =
    find((e) => e.name === 'main' || e.attribs.role === 'main') ??
    find((e) => e.name === 'article') ??
    find((e) => e.name === 'body') ??
    document;
  const firstHeading = DomUtils.findOne((e) => e.name === 'h1', root.children, true);
  const titleElement = find((e) => e.name === 'title');
  const pageTitle =
    (firstHeading && textOf(firstHeading)) || (titleElement && textOf(titleElement)) || path.replace(/\.[^.]+$/, '');

  const blocks: Block[] = [];
  const slug = pageSlugger();
  let line = '';
  /** `line` is a list item or a table row; `listed`: so is the last block. Such lines make one block, as in Markdown. */
  let item = false;
  let listed = false;
  const endLine = () => {
    const text = line.replace(/[ \t]+/g, ' ').trim();
    // An item whose text is inside a block of its own (<li><p>…): keep its dash for that text.
    if (text === '-') return;
    line = '';
    if (!text) return;
    if (item && listed) blocks[blocks.length - 1] += `\n${text}`;
    else blocks.push(text);
    listed = item;
    item = false;
  };
  const walk = (node: AnyNode): void => {
    if (node.type === 'text') {
      line += (node as Text).data.replace(/\s+/g, ' ');
      return;
    }
    if (!(node instanceof Element)) return;
    const { name, attribs } = node;
    if (SKIPPED.has(name) || 'hidden' in attribs || attribs['aria-hidden'] === 'true') return;
    if (/^h[1-6]$/.test(name)) {
      endLine();
      const heading = textOf(node);
      const anchor = node === firstHeading ? '' : attribs.id || slug(heading);
      if (heading) blocks.push({ depth: Number(name[1]), heading, anchor });
      listed = item = false;
      return;
    }
    if (name === 'br') {
      line += '\n';
      return;
    }
    if (name === 'pre') {
      endLine();
      // Fenced, as from Markdown: an answer quoting it shows a code block.
      blocks.push(`\`\`\`\n${DomUtils.textContent(node).replace(/^\n|\n$/g, '')}\n\`\`\``);
      listed = item = false;
      return;
    }
    const block = BLOCK_ELEMENTS.has(name);
    if (block) endLine();
    if (name === 'li') {
      line += '- ';
      item = true;
    }
    if (name === 'tr') {
      const cells = node.children.filter((c): c is Element => c instanceof Element && /^t[hd]$/.test(c.name));
      line += cells.map(textOf).join(' | ');
      item = true;
    } else {
      node.children.forEach(walk);
    }
    if (block) endLine();
  };
  root.children.forEach(walk);
  endLine();
  return sectionsOf({ pageId: path, pageTitle, pageUrl: baseUrl + path, blocks });
}
